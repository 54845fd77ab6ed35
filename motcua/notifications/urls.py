"""Staff notification pages, mounted at /staff/notifications/."""

from django.urls import path

from motcua.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.delivery_list, name="list"),
    path("outbox/<int:message_id>/retry/", views.retry, name="retry"),
]
