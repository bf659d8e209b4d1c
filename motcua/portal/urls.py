from django.urls import include, path

app_name = "portal"
urlpatterns = [
    # Online filing: forms generated from the procedure, drafts, submission (urls_filing.py).
    path("", include("motcua.portal.urls_filing")),
    # The citizen's own dossiers: follow, supplement, stop, results, rating (urls_my.py).
    path("", include("motcua.portal.urls_my")),
]
