"""The leaders' dashboard, mounted at /staff/dashboard/."""

from django.urls import path

from motcua.reports import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.dashboard, name="index"),
]
