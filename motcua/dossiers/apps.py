from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """The dossier: reception, processing across agencies, deadlines, results, audit trail."""

    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # Registers the default outbox handlers (notifications, national-portal sync).
        from django.db.models.signals import post_delete, post_save

        from motcua.catalog.models import (
            Case,
            Procedure,
            ProcedureVersion,
            ProcessStep,
            RequiredDocument,
        )
        from motcua.dossiers import outbox  # noqa: F401
        from motcua.dossiers.services.versions import clear_cache

        # The reception's cache of loaded procedure versions forgets on any catalogue edit.
        for model in (Procedure, ProcedureVersion, Case, RequiredDocument, ProcessStep):
            post_save.connect(
                clear_cache, sender=model, dispatch_uid=f"dossiers-{model.__name__}-s"
            )
            post_delete.connect(
                clear_cache, sender=model, dispatch_uid=f"dossiers-{model.__name__}-d"
            )
