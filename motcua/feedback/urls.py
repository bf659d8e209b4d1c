from django.urls import path

from motcua.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.public, name="public"),
    path("send/", views.send, name="send"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_act, name="track_act"),
    path("published/<str:code>/", views.public_detail, name="public_detail"),
    path("work/", views.work_list, name="work_list"),
    path("work/new/", views.work_new, name="work_new"),
    path("work/<str:code>/", views.work_detail, name="work_detail"),
    path("work/<str:code>/propose/", views.propose, name="propose"),
    path("work/<str:code>/<slug:action>/", views.work_act, name="work_act"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/<slug:verb>/", views.proposal_decide, name="proposal_decide"),
    path("indicators/", views.indicator, name="indicator"),
]
