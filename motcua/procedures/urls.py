from django.urls import path

from motcua.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("import/", views.catalogue_import, name="import"),
    path("export.xlsx", views.catalogue_export, name="export"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
