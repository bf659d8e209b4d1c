from django.urls import path

from motcua.digitisation import views

app_name = "digitisation"

urlpatterns = [
    path("<str:code>/", views.digitise, name="digitise"),
    path("<str:code>/upload/", views.upload, name="upload"),
    path("<str:code>/reuse/", views.reuse, name="reuse"),
    path("<str:code>/sign/", views.sign, name="sign"),
]
