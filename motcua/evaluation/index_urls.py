"""Evaluation indices, mounted at /staff/evaluation/indices/."""

from django.urls import path

from motcua.evaluation import index_views

app_name = "evaluation_indices"
urlpatterns = [
    path("", index_views.indices, name="index"),
    path("<slug:code>/", index_views.indicator_detail, name="indicator"),
]
