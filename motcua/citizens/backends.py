"""Log in with the phone number of a portal account (beside accounts' username-or-e-mail
backend, which answers everything else)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.citizens.identifiers import phone_or_none
from motcua.citizens.selectors import account_by_phone


class PhoneBackend(ModelBackend):
    """A phone number naming a portal account authenticates that account only: a wrong
    password stops the chain (PermissionDenied) instead of retrying the digits as a username.
    A phone number no account has falls through to the next backend, which spends the same
    hashing time on its own miss (no timing oracle)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        phone = phone_or_none(username)
        if phone is None:
            return None
        account = account_by_phone(phone)
        if account is None:
            return None
        user = account.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        raise PermissionDenied
