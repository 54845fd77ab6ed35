from django.urls import path

from motcua.payments import views

app_name = "payments_staff"

urlpatterns = [
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("figures/", views.figures_page, name="figures"),
    path("dossier/<str:code>/", views.dossier_fees, name="dossier"),
    path("dossier/<str:code>/assess/", views.assess, name="assess"),
    path("assessment/<int:pk>/collect/", views.collect, name="collect"),
    path("receipt/<int:pk>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("receipt/<int:pk>/cancel/", views.receipt_cancel, name="receipt_cancel"),
    path("payment/<int:pk>/refund/", views.refund, name="refund"),
]
