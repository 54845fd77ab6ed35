"""Staff pages of the dossier lifecycle, mounted at /staff/dossiers/."""

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("receive/", views.receive, name="receive"),
    path("receive/procedures/", views.procedure_results, name="procedure_results"),
    path("receive/checklist/", views.checklist, name="checklist"),
    path("receive/offers/", views.reception_offers, name="reception_offers"),
    path("book/", views.book, name="book"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/actions/<slug:action>/", views.act, name="act"),
    path("<str:code>/slips/<slug:kind>.pdf", views.slip_pdf, name="slip"),
    path("<str:code>/documents/<int:pk>/", views.document_file, name="document"),
    path("<str:code>/results/<int:pk>/", views.result_file, name="result"),
]
