from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [path("report.docx", views.download, name="download")]
