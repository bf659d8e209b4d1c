from django.urls import path

from motcua.digitisation import views

app_name = "verify"

urlpatterns = [
    path("", views.verify, name="index"),
    path("<str:code>/<str:token>/", views.verify_dossier, name="dossier"),
]
