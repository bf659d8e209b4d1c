from django.urls import include, path

app_name = "dossiers"
urlpatterns = [
    # Forms and documents of a dossier, and the register (urls_forms.py).
    path("", include("motcua.dossiers.urls_forms")),
    # The officer workspace: queues, search, the dossier page and its actions.
    path("", include("motcua.dossiers.urls_workspace")),
]
