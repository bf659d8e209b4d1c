from django.urls import path

from motcua.parindex import views, views_plans

app_name = "parindex"

urlpatterns = [
    path("", views.index, name="index"),
    path("trees/", views.tree_list, name="tree_list"),
    path("trees/<int:pk>/", views.tree_detail, name="tree"),
    path("trees/<int:pk>/export.xlsx", views.tree_export, name="tree_export"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/advance/", views.round_advance, name="round_advance"),
    path("rounds/<int:pk>/refresh/", views.round_refresh, name="round_refresh"),
    path("rounds/<int:pk>/surveys/", views.round_surveys, name="round_surveys"),
    path("rounds/<int:pk>/results/", views.results_page, name="results"),
    path("rounds/<int:pk>/results.xlsx", views_plans.results_xlsx, name="results_xlsx"),
    path("rounds/<int:pk>/results.docx", views_plans.results_docx, name="results_docx"),
    path("rounds/<int:pk>/units/<str:code>/", views.scorecard, name="scorecard"),
    path("rounds/<int:pk>/units/<str:code>/submit/", views.submit_self, name="submit_self"),
    path("rounds/<int:pk>/units/<str:code>/lost/", views_plans.lost_points, name="lost_points"),
    path("scores/<int:pk>/self/", views.score_self, name="score_self"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score_evidence"),
    path("scores/<int:pk>/points/", views.score_points, name="score_points"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("plans/<int:pk>/document.docx", views_plans.plan_docx, name="plan_docx"),
    path("units/<str:code>/head/", views_plans.head_page, name="head"),
]
