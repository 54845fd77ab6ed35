"""Bearer-token authentication for the API (Authorization: Bearer <token>)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from motcua.accounts.models import User
from motcua.accounts.tokens import token_authenticate
from motcua.core.clock import now


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(raw=token, at=now())
        if user is not None:
            request.user = user
        return user
