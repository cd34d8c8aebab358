"""The Django admin serves the secretariat: every app's admin classes take
`SecretariatAdminMixin`, which opens them to the secretariat's roles and nobody else."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.models import User
from innobridge.accounts.permissions import is_secretariat


class SecretariatAdminMixin:
    """Admin pages open to the secretariat and site administrators, nobody else."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)


def may_change_account(request, user) -> bool:
    """Whether `request` may change or delete the account `user`: a site administrator's
    account only by a site administrator. Otherwise the secretariat could set a superuser's
    password (or e-mail) and sign in as them."""
    return not (user is not None and user.is_superuser and not request.user.is_superuser)


@admin.register(User)
class UserAdmin(SecretariatAdminMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "organization__country"]
    search_fields = ["email", "first_name", "last_name", "organization__name"]
    autocomplete_fields = ["organization"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Role"), {"fields": ("role", "organization", "is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and may_change_account(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and may_change_account(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Only a site administrator can make someone else a superuser.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "is_superuser"]

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "password1", "password2", "role", "organization"),
            },
        ),
    )
