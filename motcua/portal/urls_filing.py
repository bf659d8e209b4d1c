"""Online filing, under /portal/ in the "portal" namespace (set by portal/urls.py)."""

from django.urls import path

from motcua.portal import views_filing

urlpatterns = [
    path("file/<str:code>/", views_filing.file_form, name="file"),
    path("file/<str:code>/save/", views_filing.autosave, name="file_save"),
    path(
        "file/<str:code>/documents/<int:document_id>/upload/",
        views_filing.upload,
        name="file_upload",
    ),
    path(
        "file/<str:code>/documents/<int:document_id>/wallet/",
        views_filing.use_wallet,
        name="file_wallet",
    ),
    path(
        "file/<str:code>/files/<int:file_id>/remove/",
        views_filing.remove_file,
        name="file_remove",
    ),
    path("drafts/", views_filing.draft_list, name="drafts"),
    path("drafts/<int:draft_id>/delete/", views_filing.draft_delete, name="draft_delete"),
    path("drafts/files/<int:file_id>/", views_filing.draft_file, name="draft_file"),
    path("submitted/<str:code>/", views_filing.submitted, name="submitted"),
]
