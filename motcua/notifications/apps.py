from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo (e-mail, SMS)"

    def ready(self) -> None:
        # Registers the notify.citizen / notify.staff outbox handlers.
        from motcua.notifications import handlers  # noqa: F401
