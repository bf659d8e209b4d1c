"""The officer workspace (included by ``motcua/dossiers/urls.py`` in the "dossiers"
namespace, under /dossiers/). The fixed paths come before ``<code>/``."""

from django.urls import path

from motcua.dossiers import views_actions, views_workspace

urlpatterns = [
    path("", views_workspace.queue, name="queue"),
    path("search/", views_workspace.search, name="search"),
    path("receive/", views_actions.receive, name="receive"),
    path("notifications/", views_workspace.notifications, name="notifications"),
    path("<str:code>/", views_workspace.dossier_detail, name="detail"),
    path("<str:code>/files/<int:pk>/", views_workspace.dossier_file, name="file"),
    path("<str:code>/result/", views_workspace.dossier_result, name="result"),
    path("<str:code>/<str:action>/", views_actions.dossier_action, name="action"),
]
