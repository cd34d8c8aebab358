"""URL map: language-prefixed pages (/en/, /zh-hans/, ...), the API and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from innobridge import admin as project_admin  # noqa: F401 (registers the taxonomies)
from innobridge import views as project_views
from innobridge.core import views as core_views
from innobridge.organizations import views as organization_views

urlpatterns = [
    # For the proxy and the load balancer: no language prefix, no redirect to HTTPS.
    path("healthz", project_views.healthz, name="healthz"),
    path("readyz", project_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("innobridge.api_urls")),
    # Uploads with visibility rules, after their owner's permission check (core/files.py).
    path(
        "files/<str:model>/<int:pk>/<str:field>/", core_views.protected_file, name="protected-file"
    ),
]

urlpatterns += i18n_patterns(
    path("", organization_views.home, name="home"),
    path("organizations/", include("innobridge.organizations.urls")),
    path("marketplace/", include("innobridge.marketplace.urls")),
    path("notifications/", include("innobridge.notifications.urls")),
    path("search/", include("innobridge.search.urls")),
    path("agreements/", include("innobridge.agreements.urls")),
    path("news/", include("innobridge.news.urls")),
    path("events/", include("innobridge.events.urls")),
    path("network/", include("innobridge.analytics.urls")),
    path("accounts/", include("innobridge.accounts.urls")),
    path("exchange/", project_views.exchange, name="exchange"),
    path("status/", project_views.system_status, name="system-status"),
    path("exchange/<str:dataset>.<str:fmt>", project_views.export, name="export"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Public uploads (logos) only; in production the proxy serves them (docs/DEPLOY.md).
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", core_views.public_media, name="media")
]

handler404 = "innobridge.views.page_not_found"
handler500 = "innobridge.views.server_error"
