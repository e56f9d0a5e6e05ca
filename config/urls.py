"""Each app's urls.py holds its full paths (organization pages live under
/o/<organization_slug>/, personal pages under /me/), so one app = one include here.

Everything under /api/ answers JSON: ninja's operations, then a catch-all for any other address
there, and Django's error handlers, which answer JSON for /api/ and the HTML pages elsewhere."""

from django.urls import include, path, re_path

from .api import api_not_found, api_urls

urlpatterns = [
    path("", include("cocreate.core.urls")),
    path("accounts/", include("cocreate.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api_urls()),
    re_path(r"^api(?:/.*)?$", api_not_found),
    path("", include("cocreate.notifications.urls")),
    path("", include("cocreate.organizations.urls")),
    path("", include("cocreate.ideas.urls")),
    path("", include("cocreate.programs.urls")),
    path("", include("cocreate.recruiting.urls")),
    path("", include("cocreate.missions.urls")),
    path("", include("cocreate.evaluation.urls")),
    path("", include("cocreate.realization.urls")),
    path("", include("cocreate.retention.urls")),
    path("", include("cocreate.pool.urls")),
    path("", include("cocreate.incentives.urls")),
]

handler400 = "config.api.handler400"
handler403 = "config.api.handler403"
handler404 = "config.api.handler404"
handler500 = "config.api.handler500"
