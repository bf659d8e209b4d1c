from django.urls import path

app_name = "parindex"

urlpatterns: list = []
