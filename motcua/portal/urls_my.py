"""Hồ sơ của tôi (the citizen's own dossiers). Included by ``motcua.portal.urls``
(namespace "portal", prefix /portal/): no app_name here."""

from django.urls import path

from motcua.portal import views_my

urlpatterns = [
    path("my/", views_my.my_list, name="my_list"),
    path("my/<str:code>/", views_my.my_detail, name="my_detail"),
    path("my/<str:code>/supplement/", views_my.my_supplement, name="my_supplement"),
    path("my/<str:code>/stop/", views_my.my_stop, name="my_stop"),
    path("my/<str:code>/rate/", views_my.my_rate, name="my_rate"),
    path("my/<str:code>/result/", views_my.my_result, name="my_result"),
]
