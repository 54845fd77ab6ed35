from django.urls import path

from motcua.documents import views

app_name = "documents"

urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("kho-du-lieu/", views.store, name="store"),
    path("kho-du-lieu/tep/<int:pk>/", views.store_file, name="store_file"),
    path("kho-du-lieu/ket-qua/<int:pk>/", views.result_file, name="result_file"),
    path("staff/files/so-lieu/", views.figures, name="figures"),
    path("staff/files/ho-so/<str:code>/", views.dossier_files, name="dossier"),
    path("staff/files/ho-so/<str:code>/tep/<int:pk>/", views.dossier_file, name="dossier_file"),
]
