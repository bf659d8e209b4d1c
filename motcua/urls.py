from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from motcua.api import api
from motcua.core.health import healthz
from motcua.dossiers.views_home import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", include("motcua.org.urls")),
    path("procedures/", include("motcua.procedures.urls")),
    path("calendar/", include("motcua.workcalendar.urls")),
    path("dossiers/", include("motcua.dossiers.urls")),
    path("lookup/", include("motcua.dossiers.urls_public")),
    path("accounts/", include("motcua.accounts.urls")),
    path("portal/", include("motcua.portal.urls")),
    path("payments/", include("motcua.payments.urls")),
    path("digitisation/", include("motcua.digitisation.urls")),
    path("verify/", include("motcua.digitisation.urls_public")),
    path("wallet/", include("motcua.digitisation.urls_wallet")),
    path("indicators/", include("motcua.indicators.urls")),
    path("reports/", include("motcua.reports.urls")),
    path("directives/", include("motcua.directives.urls")),
    path("par/", include("motcua.parindex.urls")),
    path("surveys/", include("motcua.surveys.urls")),
    path("survey/", include("motcua.surveys.urls_public")),
    path("feedback/", include("motcua.feedback.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "motcua.core.errors.permission_denied"
handler404 = "motcua.core.errors.page_not_found"
handler500 = "motcua.core.errors.server_error"
