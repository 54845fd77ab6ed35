"""The OpenID Connect client against the fake provider: discovery, PKCE, ID-token checks."""

from __future__ import annotations

import http.client
import time
import urllib.parse

import pytest

from motcua.integrations.oidc import client as oidc
from motcua.integrations.oidc.fake import DEMO_CLIENT_SECRET, DEMO_USER

REDIRECT = "http://testserver/tai-khoan/dinh-danh/ve/"


def follow_once(url: str) -> str:
    """GET `url` without following the redirect; the Location."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=5)
    conn.request("GET", f"{parts.path}?{parts.query}")
    response = conn.getresponse()
    assert response.status == 302, response.read()
    return response.getheader("Location") or ""


def authorize(fake_oidc) -> tuple[oidc.ProviderMetadata, oidc.ClientConfig, oidc.AuthRequest, str]:
    cfg = oidc.config()
    meta = oidc.discover(cfg.issuer)
    auth = oidc.authorization_request(meta, cfg, redirect_uri=REDIRECT)
    back = urllib.parse.urlsplit(follow_once(auth.url))
    query = dict(urllib.parse.parse_qsl(back.query))
    assert query["state"] == auth.state
    return meta, cfg, auth, query["code"]


def test_the_code_flow_with_pkce_gives_verified_claims_of_the_test_user(fake_oidc):
    meta, cfg, auth, code = authorize(fake_oidc)

    tokens = oidc.exchange_code(
        meta, cfg, code=code, redirect_uri=REDIRECT, code_verifier=auth.code_verifier
    )
    claims = oidc.verify_id_token(tokens["id_token"], cfg, nonce=auth.nonce)

    assert claims["sub"] == DEMO_USER["sub"]
    assert claims["citizen_id"] == "079190001234"
    assert oidc.fetch_userinfo(meta, tokens["access_token"])["name"] == "Trần Thị Bích"


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(fake_oidc):
    meta, cfg, _, code = authorize(fake_oidc)

    with pytest.raises(oidc.OidcError, match="PKCE"):
        oidc.exchange_code(meta, cfg, code=code, redirect_uri=REDIRECT, code_verifier="x" * 64)


def test_a_code_works_once(fake_oidc):
    meta, cfg, auth, code = authorize(fake_oidc)
    oidc.exchange_code(
        meta, cfg, code=code, redirect_uri=REDIRECT, code_verifier=auth.code_verifier
    )

    with pytest.raises(oidc.OidcError, match="invalid_grant"):
        oidc.exchange_code(
            meta, cfg, code=code, redirect_uri=REDIRECT, code_verifier=auth.code_verifier
        )


def test_a_wrong_client_secret_is_refused_at_the_token_endpoint(fake_oidc, settings):
    meta, _, auth, code = authorize(fake_oidc)
    settings.MOTCUA_OIDC_CLIENT_SECRET = "wrong"

    with pytest.raises(oidc.OidcError, match="401"):
        oidc.exchange_code(
            meta, oidc.config(), code=code, redirect_uri=REDIRECT, code_verifier=auth.code_verifier
        )


def test_the_provider_refuses_an_authorization_request_without_pkce(fake_oidc):
    url = f"{fake_oidc.issuer}/authorize?" + urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": "motcua-demo",
            "redirect_uri": REDIRECT,
            "state": "s",
        }
    )

    back = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(follow_once(url)).query))

    assert back == {
        "error": "invalid_request",
        "error_description": "PKCE S256 required",
        "state": "s",
    }


def claims(**overrides):
    now = int(time.time())
    base = {
        "iss": oidc.config().issuer,
        "aud": "motcua-demo",
        "sub": "vneid-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
    }
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    ("overrides", "secret", "message"),
    [
        ({}, "another-secret", "signature"),
        ({"iss": "http://evil.example"}, DEMO_CLIENT_SECRET, "another provider"),
        ({"aud": "someone-else"}, DEMO_CLIENT_SECRET, "another client"),
        ({"exp": int(time.time()) - 3600}, DEMO_CLIENT_SECRET, "expired"),
        ({"nonce": "n-2"}, DEMO_CLIENT_SECRET, "nonce"),
        ({"sub": ""}, DEMO_CLIENT_SECRET, "subject"),
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(fake_oidc, overrides, secret, message):
    token = oidc.sign_hs256(claims(**overrides), secret)

    with pytest.raises(oidc.OidcError, match=message):
        oidc.verify_id_token(token, oidc.config(), nonce="n-1")


def test_an_unsigned_id_token_is_refused(fake_oidc):
    good = oidc.sign_hs256(claims(), DEMO_CLIENT_SECRET)
    _, payload, _ = good.split(".")
    none_header = oidc._b64url(b'{"alg":"none","typ":"JWT"}')

    with pytest.raises(oidc.OidcError, match="not accepted"):
        oidc.verify_id_token(f"{none_header}.{payload}.", oidc.config(), nonce="n-1")


def test_a_well_signed_token_passes(fake_oidc):
    token = oidc.sign_hs256(claims(), DEMO_CLIENT_SECRET)

    assert oidc.verify_id_token(token, oidc.config(), nonce="n-1")["sub"] == "vneid-1"


def test_discovery_of_an_unreachable_provider_raises_oidc_error():
    with pytest.raises(oidc.OidcError):
        oidc.discover("http://127.0.0.1:9", timeout=1)
