from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("completeness/", views.completeness, name="completeness"),
    path("import/", views.import_start, name="import"),
    path("import/<int:job_id>/", views.import_job, name="import_job"),
    path("export.json", views.export_json, name="export_json"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
