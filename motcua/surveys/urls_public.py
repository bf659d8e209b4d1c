from django.urls import path

from motcua.surveys import views_sipas as views

app_name = "survey"

urlpatterns = [path("<str:token>/", views.answer, name="answer")]
