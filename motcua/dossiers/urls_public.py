"""Public dossier lookup (no login), included at /lookup/."""

from django.urls import path

from motcua.dossiers import views_public

app_name = "lookup"
urlpatterns = [
    path("", views_public.lookup_index, name="index"),
    path("<str:code>/", views_public.lookup_detail, name="detail"),
]
