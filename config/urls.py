"""Each app's urls.py holds its full paths (organization pages live under
/o/<organization_slug>/, personal pages under /me/), so one app = one include here."""

from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("cocreate.core.urls")),
    path("accounts/", include("cocreate.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
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
