"""Admin forms whose save goes through a service function.

The admin must not write around the services (the leadership limits, the no-re-delegation
rule…). A `ServiceModelForm` calls its service once all its own validation has passed,
inside a savepoint of the admin's own transaction; a `DomainError` becomes a form error on
the field it names (or on the form), so the page is shown again with the Vietnamese message
and nothing is saved.
The admin's `save_model` then has nothing left to write (`ServiceAdminMixin`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models, transaction
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.core.errors import DomainError


class ServiceModelForm(forms.ModelForm):
    acting_user: ClassVar[User | None] = None

    def run_service(self, data: dict[str, Any]) -> models.Model:
        """Create or change the object through its service; return it."""
        raise NotImplementedError

    def full_clean(self) -> None:
        """Validate as usual; then, only if everything is valid, call the service."""
        super().full_clean()
        if not self.is_bound or self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.run_service(self.cleaned_data)
        except DomainError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)


class ServiceAdminMixin:
    """For a ModelAdmin whose form is a ServiceModelForm."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        user = request.user if isinstance(request.user, User) else None
        return type(form.__name__, (form,), {"acting_user": user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The service already wrote the object while the form was validated.
        if obj.pk is None:  # pragma: no cover — a form that skipped its service is a bug
            raise RuntimeError(f"{type(form).__name__} did not save through its service.")
