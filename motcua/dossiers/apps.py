from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """The dossier: reception, processing across agencies, deadlines, results, audit trail."""

    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # Registers the default outbox handlers (notifications, national-portal sync).
        from motcua.dossiers import outbox  # noqa: F401
