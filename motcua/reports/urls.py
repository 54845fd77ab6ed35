from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [
    path("ii06a/", views.ii06a_view, name="ii06a"),
    path("ii06a/dossiers/", views.drilldown_view, name="drilldown"),
]
