from django.urls import path

from motcua.worktime import views

app_name = "worktime"
urlpatterns = [
    path("", views.calendar, name="calendar"),
]
