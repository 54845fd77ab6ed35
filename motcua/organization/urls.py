from django.urls import path

from motcua.organization import views

app_name = "organization"
urlpatterns = [
    path("", views.chart, name="chart"),
    path("<str:code>/", views.unit_page, name="unit"),
]
