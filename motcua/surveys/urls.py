from django.urls import path

from motcua.surveys import views_sipas as views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("results/", views.results, name="results"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/", views.survey_detail, name="survey"),
    path("<int:pk>/draw/", views.draw_sample, name="draw"),
    path("<int:pk>/issue/", views.issue_links, name="issue"),
    path("<int:pk>/close/", views.close_survey, name="close"),
    path("<int:pk>/respondents/<int:respondent_pk>/", views.interview, name="interview"),
]
