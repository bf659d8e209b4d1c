"""Forms and documents of a dossier, and the dossier register. Included by
``motcua.dossiers.urls`` (namespace "dossiers", prefix /dossiers/): no app_name here."""

from django.urls import path

from motcua.dossiers import views_forms

urlpatterns = [
    path("register/", views_forms.register, name="register"),
    path("register.docx", views_forms.register_docx, name="register_docx"),
    path("register.pdf", views_forms.register_pdf, name="register_pdf"),
    path("register.xlsx", views_forms.register_xlsx, name="register_xlsx"),
    path("register/export/", views_forms.register_export, name="register_export"),
    path(
        "register/exports/<int:pk>/",
        views_forms.register_export_status,
        name="register_export_status",
    ),
    path(
        "register/exports/<int:pk>/file/",
        views_forms.register_export_file,
        name="register_export_file",
    ),
    path("<str:code>/forms/<int:pk>/", views_forms.form_page, name="form"),
    path("<str:code>/forms/<int:pk>.docx", views_forms.form_docx, name="form_docx"),
    path("<str:code>/forms/<int:pk>.pdf", views_forms.form_pdf, name="form_pdf"),
    path("<str:code>/control-sheet/", views_forms.control_sheet, name="control_sheet"),
    path(
        "<str:code>/control-sheet.docx",
        views_forms.control_sheet_docx,
        name="control_sheet_docx",
    ),
    path("<str:code>/control-sheet.pdf", views_forms.control_sheet_pdf, name="control_sheet_pdf"),
]
