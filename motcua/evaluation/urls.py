"""Public rating pages, mounted at /danh-gia/."""

from django.urls import path

from motcua.evaluation import views

app_name = "evaluation"
urlpatterns = [
    # Before <code>/: "quay" is not a dossier code.
    path("quay/", views.tablet, name="tablet"),
    path("<str:code>/", views.rate, name="rate"),
]
