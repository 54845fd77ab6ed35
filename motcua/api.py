"""The JSON API at /api/v1/: one NinjaAPI, each app contributes a router.

Errors are mapped here once: DomainError subclasses carry their status code
(422 bad input, 409 conflict, 403 not allowed, 404 unknown); request validation
errors become 422 with a Vietnamese message per field.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from motcua.accounts.auth import BearerToken
from motcua.core.errors import DomainError


class JSONRenderer(BaseRenderer):
    """JSON by orjson: UTF-8 text (Vietnamese unescaped), datetimes in RFC 3339 written by
    orjson itself ("Z" for UTC, microseconds when there are any), where the standard
    library calls back into Python for every datetime of an answer. What orjson does not
    know (Decimal, lazy translations, pydantic models, …) goes to ninja's encoder as before."""

    media_type = "application/json"
    _fallback = NinjaJSONEncoder().default
    _options = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=self._fallback, option=self._options)


api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description="API của hệ thống thông tin giải quyết thủ tục hành chính (Một Cửa).",
    urls_namespace="api-v1",
    auth=None,
    renderer=JSONRenderer(),
)


def _field_name(loc: list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header", "form", "payload")]
    return ".".join(parts) or "request"


_PYDANTIC_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "datetime_parsing": "Không đúng định dạng ngày giờ ISO 8601.",
    "datetime_from_date_parsing": "Không đúng định dạng ngày giờ ISO 8601.",
    "date_from_datetime_parsing": "Không đúng định dạng ngày YYYY-MM-DD.",
    "date_parsing": "Không đúng định dạng ngày YYYY-MM-DD.",
    "string_too_long": "Quá dài.",
    "string_too_short": "Quá ngắn.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "bool_parsing": "Phải là true hoặc false.",
    "enum": "Giá trị không hợp lệ.",
    "literal_error": "Giá trị không hợp lệ.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
}


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        field = _field_name(list(err.get("loc", [])))
        message = _PYDANTIC_MESSAGES.get(
            str(err.get("type")), str(err.get("msg", "Giá trị không hợp lệ."))
        )
        errors.append({"field": field, "message": f"{field}: {message}"})
    detail = "; ".join(e["message"] for e in errors) or "Dữ liệu không hợp lệ."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Cần mã truy cập hợp lệ (Authorization: Bearer <mã>)."}, status=401
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


class Health(Schema):
    status: str


@api.get("/health", response=Health, tags=["hệ thống"], summary="Kiểm tra hoạt động")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


# Routers of each app. A token-protected router sets auth=BearerToken() itself.
api.add_router("/worktime", "motcua.worktime.api.router")
api.add_router("/organization", "motcua.organization.api.router")
api.add_router("/me", "motcua.accounts.api.router")
api.add_router("/", "motcua.catalog.api.router")
api.add_router("/", "motcua.dossiers.api.router")
api.add_router("/payments", "motcua.payments.api.router")

__all__ = ["BearerToken", "api"]
