"""Public feedback pages, mounted at /phan-anh/."""

from django.urls import path

from motcua.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("gui/", views.submit, name="submit"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", views.item_page, name="item"),
]
