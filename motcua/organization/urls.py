from django.urls import path

from motcua.organization import views

app_name = "organization"
urlpatterns = [
    path("", views.chart, name="chart"),
]
