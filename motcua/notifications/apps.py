from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo (e-mail, SMS)"

    def ready(self) -> None:
        # Registers the notify.citizen / notify.staff outbox handlers.
        from django.db.models.signals import post_delete, post_save

        from motcua.notifications import handlers  # noqa: F401
        from motcua.notifications.models import NotificationTemplate
        from motcua.notifications.rendering import forget_templates

        for signal in (post_save, post_delete):
            signal.connect(
                forget_templates, sender=NotificationTemplate, dispatch_uid="notify-templates"
            )
