from django.urls import path

from motcua.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_page, name="year"),
    path("override/", views.override_save, name="override_save"),
    path("override/<int:pk>/delete/", views.override_delete, name="override_delete"),
    path("due-date/", views.due_date_page, name="due_date"),
]
