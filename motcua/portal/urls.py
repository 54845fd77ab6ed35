from django.urls import path

from motcua.portal import online_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/mau/<int:form_id>/", views.form_download, name="form_download"),
    # Online submission: a draft in four steps, then the dossier.
    path("thu-tuc/<str:code>/nop-truc-tuyen/", online_views.online_start, name="online_start"),
    path("nop-truc-tuyen/", online_views.drafts, name="drafts"),
    path("nop-truc-tuyen/<uuid:public_id>/", online_views.draft_resume, name="draft"),
    path(
        "nop-truc-tuyen/<uuid:public_id>/buoc/<slug:slug>/",
        online_views.draft_step,
        name="draft_step",
    ),
    path(
        "nop-truc-tuyen/<uuid:public_id>/luu/<slug:slug>/",
        online_views.draft_autosave,
        name="draft_autosave",
    ),
    path(
        "nop-truc-tuyen/<uuid:public_id>/tep/<int:document_id>/",
        online_views.draft_file,
        name="draft_file",
    ),
    path("nop-truc-tuyen/<uuid:public_id>/nop/", online_views.draft_submit, name="draft_submit"),
    path("nop-truc-tuyen/<uuid:public_id>/da-nop/", online_views.draft_done, name="draft_done"),
    path("nop-truc-tuyen/<uuid:public_id>/xoa/", online_views.draft_delete, name="draft_delete"),
    # The citizen's own dossiers (no secret needed once logged in).
    path("ho-so/<str:code>/", online_views.my_dossier, name="dossier"),
    path("ho-so/<str:code>/bo-sung/", online_views.my_dossier_supplement, name="supplement"),
    path("ho-so/<str:code>/ket-qua/<int:result_id>/", online_views.my_result, name="result"),
]
