from django.contrib import admin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at"]
    list_filter = ["read_at", "created_at"]
    search_fields = ["subject", "recipient__email"]
