"""Staff rating pages, mounted at /staff/evaluation/."""

from django.urls import path

from motcua.evaluation import views

app_name = "evaluation_staff"
urlpatterns = [
    path("", views.rating_list, name="list"),
    path("tablet/", views.tablet_pick, name="tablet_pick"),
]
