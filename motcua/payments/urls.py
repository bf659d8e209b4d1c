"""Payments, included at /payments/ (docs/payments.md, "Endpoints")."""

from django.urls import path

from motcua.payments import views, views_desk, views_sandbox

app_name = "payments"
urlpatterns = [
    path("dossier/<str:code>/", views.dossier_payment, name="dossier"),
    path("return/", views.payment_return, name="return"),
    path("ipn/", views.ipn, name="ipn"),
    path("receipt/<str:txn_ref>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("receipt/<str:txn_ref>/", views.receipt_page, name="receipt"),
    path("sandbox/pay/", views_sandbox.sandbox_pay, name="sandbox_pay"),
    path("desk/<str:code>/", views_desk.desk_payment, name="desk"),
    path("desk-receipt/<int:pk>/", views_desk.desk_receipt, name="desk_receipt"),
    path("desk-receipt/<int:pk>.pdf", views_desk.desk_receipt_pdf, name="desk_receipt_pdf"),
]
