from django.urls import path

from motcua.directives import views, views_checks

app_name = "directives"

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("<int:pk>/", views.directive_detail, name="directive_detail"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", views.task_report, name="task_report"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:pk>/extension/", views.task_extension, name="task_extension"),
    path("tasks/<int:pk>/extension/decide/", views.extension_decide, name="extension_decide"),
    path("inspections/", views_checks.inspection_list, name="inspection_list"),
    path("inspections/<int:pk>/", views_checks.inspection_plan, name="inspection_plan"),
    path("inspections/record/<int:pk>/", views_checks.inspection_record, name="inspection_record"),
    path("findings/<int:pk>/follow-up/", views_checks.finding_follow_up, name="finding_follow_up"),
    path("initiatives/", views_checks.initiative_list, name="initiative_list"),
    path(
        "initiatives/<int:pk>/evaluate/",
        views_checks.initiative_evaluate,
        name="initiative_evaluate",
    ),
    path("files/<str:kind>/<int:pk>/", views_checks.attached_file, name="file"),
]
