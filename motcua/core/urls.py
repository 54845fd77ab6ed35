from django.urls import path

from motcua.core import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_home, name="home"),
]
