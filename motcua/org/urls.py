from django.urls import path

from motcua.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("merge/", views.merge_units, name="merge"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
]
