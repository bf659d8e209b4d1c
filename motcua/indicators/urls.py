from django.urls import path

from motcua.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dossiers/", views.dossiers, name="dossiers"),
    path("chairman/", views.chairman, name="chairman"),
    path("public/", views.public, name="public"),
    path("export/<slug:table>.xlsx", views.export_xlsx, name="export"),
]
