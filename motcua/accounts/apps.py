from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Keep the role groups in step with the installed apps' permissions.

    post_migrate is sent once per app; permissions of every app exist only once the last
    app's signal has been handled by django.contrib.auth, so we act on that one.
    """
    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    if not configs or sender.label != configs[-1].label:
        return
    from motcua.accounts.services import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="motcua.accounts.roles_sync")
