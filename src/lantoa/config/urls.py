"""Root URLs. Pages are Vietnamese at ``/`` and English under ``/en/``."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", include("lantoa.site.health_urls")),
]
urlpatterns += i18n_patterns(
    # First: the learner's pages are the busiest, and no other app's address starts with
    # theirs (hoc/, chung-nhan/), so they are tried before the others.
    path("", include("lantoa.learning.urls")),
    path("admin/", admin.site.urls),
    path("", include("lantoa.orgs.urls")),
    path("", include("lantoa.campaigns.urls")),
    path("", include("lantoa.content.urls")),
    path("", include("lantoa.verification.urls")),
    path("", include("lantoa.dispatches.urls")),
    path("", include("lantoa.kits.urls")),
    path("", include("lantoa.stories.urls")),
    path("", include("lantoa.site.urls")),
    prefix_default_language=False,
)

handler400 = "lantoa.site.errors.bad_request"
handler403 = "lantoa.site.errors.permission_denied"
handler404 = "lantoa.site.errors.page_not_found"
handler500 = "lantoa.site.errors.server_error"
