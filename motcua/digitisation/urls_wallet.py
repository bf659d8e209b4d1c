from django.urls import path

from motcua.digitisation import views

app_name = "wallet"

urlpatterns = [
    path("", views.wallet, name="index"),
    path("<int:pk>/", views.wallet_file, name="file"),
]
