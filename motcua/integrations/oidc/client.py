"""OpenID Connect client: discovery, the authorization-code flow with PKCE (S256), and
ID-token verification — standard library only.

ID tokens are verified as HS256 (HMAC-SHA256 keyed with the client secret), which is what
the fake provider signs with. A production eID provider signing with RS256 needs JWKS
verification added here (the `cryptography` package is already installed); until then such
tokens are refused, never accepted unverified.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

SCOPE = "openid profile email phone"
CLOCK_SKEW = 60  # seconds of tolerance on exp / iat
_DISCOVERY_TTL = 300.0
_discovery_cache: dict[str, tuple[float, ProviderMetadata]] = {}


class OidcError(Exception):
    """The provider refused, could not be reached, or sent something we cannot trust."""


@dataclass(frozen=True)
class ClientConfig:
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str


@dataclass(frozen=True)
class AuthRequest:
    """What the client keeps (in the session) between the redirect and the callback."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def config() -> ClientConfig:
    return ClientConfig(
        issuer=settings.MOTCUA_OIDC_ISSUER.rstrip("/"),
        client_id=settings.MOTCUA_OIDC_CLIENT_ID,
        client_secret=settings.MOTCUA_OIDC_CLIENT_SECRET,
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check_url(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise OidcError(f"Not an http(s) URL: {url!r}")
    return url


def _fetch_json(request: urllib.request.Request, timeout: float) -> dict[str, Any]:
    _check_url(request.full_url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:200].decode("utf-8", "replace")
        raise OidcError(f"{request.full_url} answered {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise OidcError(f"{request.full_url}: {exc}") from exc
    if not isinstance(body, dict):
        raise OidcError(f"{request.full_url} did not answer a JSON object.")
    return body


def discover(issuer: str, *, timeout: float = 5.0) -> ProviderMetadata:
    """The provider's metadata (/.well-known/openid-configuration), cached for 5 minutes."""
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    doc = _fetch_json(urllib.request.Request(url), timeout)  # noqa: S310 - checked
    if doc.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise OidcError(f"Discovery issuer {doc.get('issuer')!r} is not {issuer!r}.")
    try:
        meta = ProviderMetadata(
            issuer=issuer.rstrip("/"),
            authorization_endpoint=_check_url(doc["authorization_endpoint"]),
            token_endpoint=_check_url(doc["token_endpoint"]),
            userinfo_endpoint=_check_url(doc.get("userinfo_endpoint", ""))
            if doc.get("userinfo_endpoint")
            else "",
        )
    except KeyError as exc:
        raise OidcError(f"Discovery document lacks {exc}.") from exc
    _discovery_cache[issuer] = (time.monotonic() + _DISCOVERY_TTL, meta)
    return meta


def pkce_challenge(verifier: str) -> str:
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def authorization_request(
    meta: ProviderMetadata, cfg: ClientConfig, *, redirect_uri: str
) -> AuthRequest:
    """A fresh state, nonce and PKCE verifier, and the URL to send the browser to."""
    state = secrets.token_urlsafe(24)
    nonce = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43–128
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": cfg.client_id,
            "redirect_uri": redirect_uri,
            "scope": SCOPE,
            "state": state,
            "nonce": nonce,
            "code_challenge": pkce_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    sep = "&" if "?" in meta.authorization_endpoint else "?"
    return AuthRequest(
        url=f"{meta.authorization_endpoint}{sep}{query}",
        state=state,
        nonce=nonce,
        code_verifier=verifier,
    )


def exchange_code(
    meta: ProviderMetadata,
    cfg: ClientConfig,
    *,
    code: str,
    redirect_uri: str,
    code_verifier: str,
    timeout: float = 5.0,
) -> dict[str, Any]:
    """POST the code to the token endpoint (client_secret_basic); the token response."""
    body = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
    ).encode()
    basic = base64.b64encode(
        f"{urllib.parse.quote(cfg.client_id)}:{urllib.parse.quote(cfg.client_secret)}".encode()
    ).decode()
    request = urllib.request.Request(  # noqa: S310 - the endpoint's scheme is checked
        meta.token_endpoint,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Authorization": f"Basic {basic}",
        },
    )
    tokens = _fetch_json(request, timeout)
    if not isinstance(tokens.get("id_token"), str):
        raise OidcError("The token response has no id_token.")
    return tokens


def verify_id_token(
    id_token: str, cfg: ClientConfig, *, nonce: str, now: float | None = None
) -> dict[str, Any]:
    """The ID token's claims once its signature (HS256), issuer, audience, expiry and nonce
    are checked; OidcError otherwise."""
    try:
        header_b64, payload_b64, signature_b64 = id_token.split(".")
        header = json.loads(_b64url_decode(header_b64))
        claims = json.loads(_b64url_decode(payload_b64))
        signature = _b64url_decode(signature_b64)
    except ValueError as exc:
        raise OidcError("The ID token is not a well-formed JWT.") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise OidcError("The ID token is not a well-formed JWT.")
    if header.get("alg") != "HS256":
        raise OidcError(f"ID token algorithm {header.get('alg')!r} is not accepted (HS256 only).")
    expected = hmac.new(
        cfg.client_secret.encode(), f"{header_b64}.{payload_b64}".encode("ascii"), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(expected, signature):
        raise OidcError("The ID token's signature is wrong.")
    if str(claims.get("iss", "")).rstrip("/") != cfg.issuer.rstrip("/"):
        raise OidcError("The ID token was issued by another provider.")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if cfg.client_id not in audiences:
        raise OidcError("The ID token is meant for another client.")
    moment = time.time() if now is None else now
    try:
        expires = float(claims["exp"])
    except (KeyError, TypeError, ValueError) as exc:
        raise OidcError("The ID token has no expiry.") from exc
    if expires + CLOCK_SKEW < moment:
        raise OidcError("The ID token has expired.")
    if "iat" in claims and float(claims["iat"]) - CLOCK_SKEW > moment:
        raise OidcError("The ID token was issued in the future.")
    if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
        raise OidcError("The ID token's nonce does not match this login.")
    if not claims.get("sub"):
        raise OidcError("The ID token has no subject.")
    return claims


def fetch_userinfo(
    meta: ProviderMetadata, access_token: str, *, timeout: float = 5.0
) -> dict[str, Any]:
    if not meta.userinfo_endpoint:
        return {}
    request = urllib.request.Request(  # noqa: S310 - the endpoint's scheme is checked
        meta.userinfo_endpoint,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
    )
    return _fetch_json(request, timeout)


def sign_hs256(claims: dict[str, Any], secret: str) -> str:
    """An HS256 JWT (used by the fake provider and by tests)."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64url(signature)}"
