"""OpenID Connect relying party: authorization code flow with PKCE (RFC 7636), state and
nonce, against one provider configured in settings (the national identity service,
VNeID, speaks OIDC). Plain ``requests`` for HTTP and PyJWT for the ID token.

Only what the flow needs: discovery, the authorization URL, the code exchange, ID-token
validation (RS256 signature from the provider's JWKS, issuer, audience, expiry, nonce)
and the userinfo claims.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Discovery documents and key sets are cached per process for this long; a key id not
# in the cached set triggers one re-fetch (key rotation), at most every _JWKS_MIN_REFRESH.
_CACHE_SECONDS = 3600
_JWKS_MIN_REFRESH = 10
# Clock skew tolerated between us and the provider when checking exp/iat.
_LEEWAY_SECONDS = 60


class OidcError(Exception):
    """A sign-in that cannot go on. ``message`` is shown to the user (Vietnamese);
    ``detail`` goes to the log only."""

    status = 400

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
        self.detail = detail or message


class OidcRejected(OidcError):
    """The answer was refused: bad state, invalid or forged token (400)."""

    status = 400


class OidcProviderError(OidcError):
    """The provider is unreachable or answered something unusable (502)."""

    status = 502


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    provider_name: str
    id_number_claim: str
    redirect_uri: str
    timeout: int

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def get_config() -> OidcConfig | None:
    """The provider of the settings, or None when OIDC is switched off (no issuer)."""
    issuer = getattr(settings, "OIDC_ISSUER", "")
    if not issuer:
        return None
    return OidcConfig(
        issuer=issuer,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=settings.OIDC_SCOPES,
        provider_name=settings.OIDC_PROVIDER_NAME,
        id_number_claim=settings.OIDC_ID_NUMBER_CLAIM,
        redirect_uri=settings.OIDC_REDIRECT_URI,
        timeout=settings.OIDC_TIMEOUT,
    )


# -- provider metadata ----------------------------------------------------------------------

_cache_lock = threading.Lock()
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, jwt.PyJWKSet]] = {}


def clear_caches() -> None:
    with _cache_lock:
        _discovery_cache.clear()
        _jwks_cache.clear()


def _get_json(url: str, config: OidcConfig, what: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=config.timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcProviderError(
            _("Không kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau."),
            f"{what} {url}: {exc}",
        ) from exc
    if not isinstance(data, dict):
        raise OidcProviderError(
            _("Hệ thống định danh điện tử trả lời không hợp lệ."), f"{what} {url}: not an object"
        )
    return data


def discover(config: OidcConfig) -> dict[str, Any]:
    """The provider's metadata (OpenID Connect Discovery 1.0 §4), checked to be for the
    configured issuer (§4.3)."""
    now = time.monotonic()
    with _cache_lock:
        cached = _discovery_cache.get(config.discovery_url)
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    metadata = _get_json(config.discovery_url, config, "discovery")
    missing = [
        key
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not metadata.get(key)
    ]
    if missing or str(metadata["issuer"]).rstrip("/") != config.issuer.rstrip("/"):
        raise OidcProviderError(
            _("Cấu hình hệ thống định danh điện tử không hợp lệ."),
            f"discovery of {config.issuer}: missing {missing} or issuer {metadata.get('issuer')!r}",
        )
    with _cache_lock:
        _discovery_cache[config.discovery_url] = (now, metadata)
    return metadata


def _load_jwks(config: OidcConfig, uri: str) -> jwt.PyJWKSet:
    data = _get_json(uri, config, "jwks")
    keys = [k for k in data.get("keys", []) if isinstance(k, dict) and k.get("use", "sig") == "sig"]
    try:
        key_set = jwt.PyJWKSet.from_dict({"keys": keys})
    except jwt.PyJWTError as exc:
        raise OidcProviderError(
            _("Hệ thống định danh điện tử trả lời không hợp lệ."), f"jwks {uri}: {exc}"
        ) from exc
    with _cache_lock:
        _jwks_cache[uri] = (time.monotonic(), key_set)
    return key_set


def _find_key(key_set: jwt.PyJWKSet, kid: str | None) -> Any:
    if kid is None:
        return key_set.keys[0].key if len(key_set.keys) == 1 else None
    return next((jwk.key for jwk in key_set.keys if jwk.key_id == kid), None)


def _signing_key(config: OidcConfig, metadata: dict[str, Any], kid: str | None) -> Any:
    """The provider's public key for ``kid``. An unknown key id re-fetches the JWKS once
    (the provider rotated its keys), not more often than every _JWKS_MIN_REFRESH seconds
    so that forged tokens cannot make us hammer the provider."""
    uri = metadata["jwks_uri"]
    now = time.monotonic()
    with _cache_lock:
        cached = _jwks_cache.get(uri)
    if cached is None or now - cached[0] >= _CACHE_SECONDS:
        key = _find_key(_load_jwks(config, uri), kid)
    else:
        key = _find_key(cached[1], kid)
        if key is None and now - cached[0] >= _JWKS_MIN_REFRESH:
            key = _find_key(_load_jwks(config, uri), kid)
    if key is None:
        raise OidcRejected(
            _("Không xác thực được thông tin đăng nhập từ hệ thống định danh điện tử."),
            f"no key {kid!r} in {uri}",
        )
    return key


# -- the flow -------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class AuthRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def authorization_request(config: OidcConfig, redirect_uri: str) -> AuthRequest:
    """Where to send the browser, and the secrets to keep in its session until it comes
    back: ``state`` (CSRF, RFC 6749 §10.12), ``nonce`` (replay, OIDC Core §3.1.2.1) and the
    PKCE verifier whose S256 challenge goes to the provider."""
    metadata = discover(config)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters: within RFC 7636's 43–128
    challenge = _b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": redirect_uri,
            "scope": config.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    endpoint = metadata["authorization_endpoint"]
    separator = "&" if "?" in endpoint else "?"
    return AuthRequest(f"{endpoint}{separator}{query}", state, nonce, verifier)


def exchange_code(
    config: OidcConfig, code: str, redirect_uri: str, code_verifier: str
) -> dict[str, Any]:
    """The token response for ``code`` (OIDC Core §3.1.3). The client authenticates with
    HTTP Basic (client_secret_basic) unless the provider only offers client_secret_post."""
    metadata = discover(config)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    auth: tuple[str, str] | None = (config.client_id, config.client_secret)
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in methods and "client_secret_post" in methods:
        form.update(client_id=config.client_id, client_secret=config.client_secret)
        auth = None
    try:
        response = requests.post(
            metadata["token_endpoint"],
            data=form,
            auth=auth,
            timeout=config.timeout,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as exc:
        raise OidcProviderError(
            _("Không kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau."),
            f"token endpoint: {exc}",
        ) from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code == 400 and isinstance(data, dict) and data.get("error"):
        # invalid_grant & co: an expired or replayed code, a PKCE mismatch.
        raise OidcRejected(
            _("Phiên đăng nhập bằng định danh điện tử không hợp lệ hoặc đã hết hạn."),
            f"token endpoint refused: {data.get('error')} {data.get('error_description', '')}",
        )
    if response.status_code != 200 or not isinstance(data, dict) or not data.get("id_token"):
        raise OidcProviderError(
            _("Hệ thống định danh điện tử trả lời không hợp lệ."),
            f"token endpoint: HTTP {response.status_code} "
            f"{data.get('error', 'no id_token') if isinstance(data, dict) else 'not an object'}",
        )
    return data


def validate_id_token(
    config: OidcConfig, id_token: str, nonce: str, access_token: str = ""
) -> dict[str, Any]:
    """The verified claims of the ID token (OIDC Core §3.1.3.7): RS256 signature by a key
    of the provider's JWKS, ``iss`` the provider, ``aud`` our client id (and ``azp`` too
    when there are several audiences), not expired, ``nonce`` the one we sent, ``at_hash``
    matching the access token when present."""
    metadata = discover(config)
    refused = _("Không xác thực được thông tin đăng nhập từ hệ thống định danh điện tử.")
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise OidcRejected(refused, f"id_token header: {exc}") from exc
    if header.get("alg") != "RS256":
        # Never let the token choose "none" or an HMAC keyed with our public key.
        raise OidcRejected(refused, f"id_token alg {header.get('alg')!r}")
    key = _signing_key(config, metadata, header.get("kid"))
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=["RS256"],
            audience=config.client_id,
            issuer=metadata["issuer"],
            leeway=_LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as exc:
        raise OidcRejected(refused, f"id_token: {type(exc).__name__}: {exc}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OidcRejected(refused, f"id_token azp {claims.get('azp')!r}")
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcRejected(refused, "id_token nonce mismatch")
    at_hash = claims.get("at_hash")
    if at_hash and access_token:
        digest = hashlib.sha256(access_token.encode("ascii")).digest()
        if not hmac.compare_digest(str(at_hash), _b64url(digest[: len(digest) // 2])):
            raise OidcRejected(refused, "id_token at_hash mismatch")
    return claims


def fetch_userinfo(config: OidcConfig, access_token: str, subject: str) -> dict[str, Any]:
    """Claims from the userinfo endpoint (OIDC Core §5.3), or {} when the provider has
    none or does not answer: the ID token's claims are enough to sign in. A userinfo
    answer about another subject is refused (§5.3.2)."""
    metadata = discover(config)
    endpoint = metadata.get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=config.timeout,
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("OIDC userinfo %s unavailable: %s", endpoint, exc)
        return {}
    if not isinstance(data, dict):
        return {}
    if str(data.get("sub")) != subject:
        raise OidcRejected(
            _("Không xác thực được thông tin đăng nhập từ hệ thống định danh điện tử."),
            "userinfo sub differs from the ID token",
        )
    return data


def complete(
    config: OidcConfig, code: str, redirect_uri: str, code_verifier: str, nonce: str
) -> dict[str, Any]:
    """Exchange the code and return the user's claims: the ID token's, completed by the
    userinfo ones (``iss`` and ``sub`` always from the verified token)."""
    tokens = exchange_code(config, code, redirect_uri, code_verifier)
    access_token = str(tokens.get("access_token") or "")
    claims = validate_id_token(config, str(tokens["id_token"]), nonce, access_token)
    userinfo = fetch_userinfo(config, access_token, str(claims["sub"]))
    merged = {**claims, **{k: v for k, v in userinfo.items() if v not in (None, "")}}
    merged["iss"], merged["sub"] = claims["iss"], claims["sub"]
    return merged
