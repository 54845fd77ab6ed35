"""A fake OpenID Connect provider (authorization code + PKCE S256, HS256 ID tokens signed
with the client secret) for tests and the demo. It approves every authorization request
at once for its one configured test user — no login page.

    GET  /.well-known/openid-configuration
    GET  /authorize?response_type=code&client_id=…&redirect_uri=…&state=…&nonce=…
                   &code_challenge=…&code_challenge_method=S256
         → 302 redirect_uri?code=…&state=…
    POST /token     grant_type=authorization_code, code, redirect_uri, code_verifier;
                    client_secret_basic or client_secret_post
         → {"access_token", "token_type": "Bearer", "expires_in", "id_token"}
    GET  /userinfo  Authorization: Bearer <access token> → the user's claims
    POST /_control/user  {claims…}   the user approved from now on (tests)

Run it with `manage.py fakes` (port 8026; client `motcua-demo` / `demo-oidc-secret`) or in a
test with the `fake_oidc` fixture.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from motcua.integrations.fakes import FakeServer, JsonHandler
from motcua.integrations.oidc.client import pkce_challenge, sign_hs256

DEMO_CLIENT_ID = "motcua-demo"
DEMO_CLIENT_SECRET = "demo-oidc-secret"  # noqa: S105 - the fake's documented demo secret
CODE_TTL = 120
TOKEN_TTL = 300

# A demo person as the national eID would describe her (values are made up).
DEMO_USER: dict[str, Any] = {
    "sub": "vneid-079190001234",
    "name": "Trần Thị Bích",
    "citizen_id": "079190001234",
    "phone_number": "+84909123456",
    "phone_number_verified": True,
    "email": "bich.tran@example.vn",
    "email_verified": True,
}


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    challenge: str
    claims: dict[str, Any]
    expires: float
    used: bool = False


@dataclass
class ProviderState:
    clients: dict[str, str]
    user: dict[str, Any]
    grants: dict[str, _Grant] = field(default_factory=dict)
    tokens: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class OidcFakeServer(FakeServer):
    def __init__(
        self,
        host: str,
        port: int,
        *,
        clients: dict[str, str] | None = None,
        user: dict[str, Any] | None = None,
    ) -> None:
        self.state = ProviderState(
            clients=dict(clients or {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET}),
            user=dict(user or DEMO_USER),
        )
        super().__init__((host, port), _Handler)

    @property
    def issuer(self) -> str:
        return self.url

    def set_user(self, claims: dict[str, Any]) -> None:
        with self.state.lock:
            self.state.user = dict(claims)


class _Handler(JsonHandler):
    server: OidcFakeServer

    def do_GET(self) -> None:
        path = self.path_only
        if path == "/.well-known/openid-configuration":
            base = self.server.issuer
            return self.send_json(
                200,
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "response_types_supported": ["code"],
                    "grant_types_supported": ["authorization_code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["HS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": [
                        "client_secret_basic",
                        "client_secret_post",
                    ],
                    "scopes_supported": ["openid", "profile", "email", "phone"],
                    "claims_supported": sorted(self.server.state.user),
                },
            )
        if path == "/authorize":
            return self._authorize()
        if path == "/userinfo":
            return self._userinfo()
        return self.send_json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        if self.path_only == "/token":
            return self._token()
        if self.path_only == "/_control/user":
            try:
                claims = self.read_json()
            except ValueError:
                claims = None
            if not isinstance(claims, dict) or not claims.get("sub"):
                return self.send_json(400, {"error": "a JSON object with 'sub' is expected"})
            self.server.set_user(claims)
            return self.send_json(200, {"user": claims})
        return self.send_json(404, {"error": "not_found"})

    # --- endpoints ------------------------------------------------------------------------

    def _authorize(self) -> None:
        q = self.query
        state = self.server.state
        redirect_uri = q.get("redirect_uri", "")
        if q.get("client_id") not in state.clients or not redirect_uri.startswith(
            ("http://", "https://")
        ):
            return self.send_html(400, "<h1>Yêu cầu đăng nhập không hợp lệ</h1>")

        def back(**params: str) -> None:
            sep = "&" if "?" in redirect_uri else "?"
            location = redirect_uri + sep + urllib.parse.urlencode(params)
            self.send_empty(302, {"Location": location, "Cache-Control": "no-store"})

        extra = {"state": q["state"]} if "state" in q else {}
        if q.get("response_type") != "code":
            return back(error="unsupported_response_type", **extra)
        if not q.get("code_challenge") or q.get("code_challenge_method") != "S256":
            return back(error="invalid_request", error_description="PKCE S256 required", **extra)
        code = secrets.token_urlsafe(24)
        with state.lock:
            state.grants[code] = _Grant(
                client_id=q["client_id"],
                redirect_uri=redirect_uri,
                nonce=q.get("nonce", ""),
                challenge=q["code_challenge"],
                claims=dict(state.user),
                expires=time.time() + CODE_TTL,
            )
        back(code=code, **extra)

    def _client(self, form: dict[str, str]) -> str | None:
        """The authenticated client id (Basic or form parameters), or None."""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                raw = base64.b64decode(auth[6:]).decode()
            except ValueError:
                return None
            client_id, _, secret = raw.partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        expected = self.server.state.clients.get(client_id)
        if expected is None or not hmac.compare_digest(expected.encode(), secret.encode()):
            return None
        return client_id

    def _token(self) -> None:
        form = {k: v[0] for k, v in urllib.parse.parse_qs(self.read_body().decode("utf-8")).items()}
        client_id = self._client(form)
        if client_id is None:
            return self.send_json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return self.send_json(400, {"error": "unsupported_grant_type"})
        state = self.server.state
        with state.lock:
            grant = state.grants.get(form.get("code", ""))
            if (
                grant is None
                or grant.used
                or grant.expires < time.time()
                or grant.client_id != client_id
                or grant.redirect_uri != form.get("redirect_uri")
            ):
                return self.send_json(400, {"error": "invalid_grant"})
            verifier = form.get("code_verifier", "")
            if not verifier or not hmac.compare_digest(
                pkce_challenge(verifier).encode(), grant.challenge.encode()
            ):
                return self.send_json(
                    400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
                )
            grant.used = True
            access_token = secrets.token_urlsafe(32)
            state.tokens[access_token] = (grant.claims, time.time() + TOKEN_TTL)
        now = int(time.time())
        id_claims = {
            **grant.claims,
            "iss": self.server.issuer,
            "aud": client_id,
            "iat": now,
            "exp": now + TOKEN_TTL,
            "nonce": grant.nonce,
        }
        self.send_json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_TTL,
                "id_token": sign_hs256(id_claims, state.clients[client_id]),
            },
        )

    def _userinfo(self) -> None:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        with self.server.state.lock:
            found = self.server.state.tokens.get(token)
        if found is None or found[1] < time.time():
            return self.send_json(401, {"error": "invalid_token"})
        self.send_json(200, found[0])


def make_server(host: str, port: int) -> OidcFakeServer:
    return OidcFakeServer(host, port)
