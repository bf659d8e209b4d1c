"""A small but real OpenID Connect provider for the tests, served on 127.0.0.1.

Discovery, JWKS (an RSA key generated when the tests start), ``/authorize`` that approves
the configured user at once and redirects back with ``code`` and ``state``, ``/token``
that checks the code (one use), the redirect URI, the PKCE S256 verifier and the client's
credentials, then issues an RS256-signed ID token carrying the nonce; ``/userinfo``.

Knobs for the refusal tests: ``id_token_overrides`` (claims replaced in the next ID
tokens; None removes one) and ``forge_with`` (sign with another key under the same key
id, as a forger would).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "motcua-thu-nghiem"
CLIENT_SECRET = "bi-mat-thu-nghiem"

_keys: dict[str, rsa.RSAPrivateKey] = {}


def rsa_key(name: str = "provider") -> rsa.RSAPrivateKey:
    """One RSA key per name for the whole test run (generating one costs ~50 ms)."""
    if name not in _keys:
        _keys[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _keys[name]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def default_claims() -> dict[str, Any]:
    return {
        "sub": "vneid-0001",
        "name": "Phạm Thị Hoa",
        "email": "hoa.pham@example.vn",
        "email_verified": True,
        "phone_number": "+84912345678",
        "citizen_id": "079190001234",
    }


class FakeOidcProvider:
    kid = "fake-key-1"

    def __init__(self) -> None:
        self.key = rsa_key()
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.provider = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.reset()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeOidcProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        self.user_claims: dict[str, Any] = default_claims()
        self.id_token_overrides: dict[str, Any] = {}
        self.forge_with: rsa.RSAPrivateKey | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []

    # -- documents ------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email", "phone"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return {"keys": [jwk]}

    # -- endpoints ------------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.authorize_requests.append(query)
        problems = []
        if query.get("response_type") != "code":
            problems.append("response_type")
        if query.get("client_id") != self.client_id:
            problems.append("client_id")
        if "openid" not in query.get("scope", "").split():
            problems.append("scope")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            problems.append("pkce")
        if not query.get("redirect_uri") or not query.get("state"):
            problems.append("redirect_uri/state")
        if problems:
            return 400, {"Content-Type": "text/plain"}, f"bad request: {problems}".encode()
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
            "expires": time.time() + 60,
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": location}, b""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _sep, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        grant = self.codes.pop(form.get("code", ""), None)  # one use only
        if grant is None or grant["expires"] < time.time():
            return 400, {"error": "invalid_grant", "error_description": "unknown code"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = dict(self.user_claims)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "auth_time": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "at_hash": _b64url(hashlib.sha256(access_token.encode()).digest()[:16]),
            **self.user_claims,
        }
        for name, value in self.id_token_overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        id_token = jwt.encode(
            claims, self.forge_with or self.key, algorithm="RS256", headers={"kid": self.kid}
        )
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        token = authorization.removeprefix("Bearer ")
        claims = self.access_tokens.get(token)
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, {"Content-Type": "application/json"}, json.dumps(data).encode())

    def do_GET(self) -> None:
        provider: FakeOidcProvider = self.server.provider
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            self._json(200, provider.discovery())
        elif url.path == "/jwks":
            self._json(200, provider.jwks())
        elif url.path == "/authorize":
            self._send(*provider.authorize(query))
        elif url.path == "/userinfo":
            self._json(*provider.userinfo(self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        provider: FakeOidcProvider = self.server.provider
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path == "/token":
            self._json(*provider.token(form, self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})


@pytest.fixture(scope="session")
def fake_oidc_server() -> Iterator[FakeOidcProvider]:
    provider = FakeOidcProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def fake_oidc(fake_oidc_server: FakeOidcProvider, settings: Any, monkeypatch: Any) -> Any:
    """The running provider, reset, with the settings pointing at it."""
    from motcua.accounts import oidc

    # Never send the loopback calls through a proxy of the environment.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake_oidc_server.reset()
    oidc.clear_caches()
    settings.OIDC_ISSUER = fake_oidc_server.issuer
    settings.OIDC_CLIENT_ID = fake_oidc_server.client_id
    settings.OIDC_CLIENT_SECRET = fake_oidc_server.client_secret
    settings.OIDC_SCOPES = "openid profile email phone"
    settings.OIDC_PROVIDER_NAME = "VNeID"
    settings.OIDC_ID_NUMBER_CLAIM = "citizen_id"
    settings.OIDC_REDIRECT_URI = ""
    settings.OIDC_TIMEOUT = 5
    yield fake_oidc_server
    oidc.clear_caches()
