"""URL map: language-prefixed pages (/en/, /zh-hans/, ...), the API and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from innobridge.organizations import views as organization_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("innobridge.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", organization_views.home, name="home"),
    path("organizations/", include("innobridge.organizations.urls")),
    path("marketplace/", include("innobridge.marketplace.urls")),
    path("notifications/", include("innobridge.notifications.urls")),
    path("search/", include("innobridge.search.urls")),
    path("agreements/", include("innobridge.agreements.urls")),
    path("news/", include("innobridge.news.urls")),
    path("accounts/", include("innobridge.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Uploaded logos. Behind a reverse proxy in production, the proxy serves /media/ instead.
urlpatterns += [
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    )
]
