"""Staff feedback pages, mounted at /staff/feedback/."""

from django.urls import path

from motcua.feedback import staff_views

app_name = "feedback_staff"
urlpatterns = [
    path("", staff_views.feedback_list, name="list"),
    path("new/", staff_views.feedback_new, name="new"),
    path("<str:code>/", staff_views.feedback_detail, name="detail"),
    path("<str:code>/<slug:action>/", staff_views.feedback_action, name="action"),
]
