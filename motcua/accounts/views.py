"""Account pages: registration, "my account", and the OpenID Connect sign-in. Thin: the
forms parse, the actions in ``actions.py`` write, ``oidc.py`` speaks to the provider."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from motcua.accounts import actions, confirm, oidc
from motcua.accounts.forms import ProfileForm, RegistrationForm
from motcua.accounts.models import CitizenProfile, OidcIdentity
from motcua.org.models import User

logger = logging.getLogger("motcua.accounts.oidc")

# Django's own backend: the session records which backend signed the user in, and
# ModelBackend can reload any user by primary key.
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Session key of the sign-ins under way (one per browser tab, keyed by state).
_FLOWS_KEY = "oidc_flows"
_MAX_FLOWS = 5
# An unanswered sign-in is forgotten after this many seconds.
_FLOW_TTL = 600


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(
                None if field == "__all__" or field not in form.fields else field, errors
            )
    else:
        form.add_error(None, exc)


# -- registration and profile ---------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@never_cache
def register(request: HttpRequest) -> HttpResponse:
    """Đăng ký tài khoản. A valid form always ends on the same page ("we sent you a
    link"), whether or not its e-mail or phone already has an account: a new account is
    created inactive and gets the confirmation link; an existing holder gets a notice
    instead (``confirm.py``). Nothing on the page or in its timing tells the two apart."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated:
        return redirect(_safe_next(request, next_url))
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holders = actions.contact_holders(data["email"], data["phone"])
        if holders:
            make_password(data["password1"])  # the same work as a new account's hash
            confirm.send_already_registered(request, holders, data["email"], data["phone"])
            return redirect(_sent_url(next_url))
        try:
            user = actions.do_register_citizen(
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                id_number=data["id_number"],
                active=False,
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict") or not (set(exc.error_dict) <= {"email", "phone"}):
                _apply_errors(form, exc)
            else:  # taken in the meantime (a concurrent registration): same answer
                return redirect(_sent_url(next_url))
        else:
            confirm.send_confirmation(request, user, _safe_next(request, next_url))
            return redirect(_sent_url(next_url))
    return render(
        request,
        "accounts/register.html",
        {"form": form, "next": next_url, "oidc": oidc.get_config()},
        status=400 if form.is_bound and form.errors else 200,
    )


def _sent_url(next_url: str) -> str:
    # The same page for every outcome; ``next`` travels in the confirmation link instead.
    del next_url
    return reverse("accounts:register_sent")


@never_cache
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


@never_cache
def confirm_registration(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the confirmation message: activates the account and signs it in."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    user = actions.do_confirm_registration(user)
    login(request, user, backend=_MODEL_BACKEND)
    messages.success(request, _("Đăng ký tài khoản thành công."))
    return redirect(_safe_next(request, request.GET.get("next")))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Tài khoản của tôi: one's own name, contacts, ID number and linked identities."""
    user: User = request.user  # type: ignore[assignment]
    citizen_profile = CitizenProfile.objects.filter(user=user).first()
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "id_number": citizen_profile.id_number if citizen_profile else "",
    }
    form = ProfileForm(request.POST or None, initial=initial, owner=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_profile(
                user,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                id_number=data["id_number"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:profile")
    identities = OidcIdentity.objects.restrict(user, "view").filter(user=user).order_by("pk")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "citizen_profile": citizen_profile,
            "identities": identities,
            "oidc": oidc.get_config(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# -- OpenID Connect ---------------------------------------------------------------------------


def _redirect_uri(request: HttpRequest, config: oidc.OidcConfig) -> str:
    return config.redirect_uri or request.build_absolute_uri(reverse("accounts:oidc_callback"))


def _error_page(request: HttpRequest, error: oidc.OidcError | str, status: int) -> HttpResponse:
    message = error.message if isinstance(error, oidc.OidcError) else error
    config = oidc.get_config()
    return render(
        request,
        "accounts/oidc_error.html",
        {"message": message, "provider_name": config.provider_name if config else ""},
        status=status,
    )


@never_cache
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Start the sign-in: remember state, nonce and PKCE verifier in the session and send
    the browser to the provider."""
    config = oidc.get_config()
    if config is None:
        raise Http404
    try:
        auth = oidc.authorization_request(config, _redirect_uri(request, config))
    except oidc.OidcError as exc:
        logger.error("OIDC sign-in could not start: %s", exc.detail)
        return _error_page(request, exc, exc.status)
    now = time.time()
    flows = {
        state: flow
        for state, flow in request.session.get(_FLOWS_KEY, {}).items()
        if now - flow.get("at", 0) < _FLOW_TTL
    }
    flows[auth.state] = {
        "nonce": auth.nonce,
        "verifier": auth.code_verifier,
        "next": _safe_next(request, request.GET.get("next")),
        "at": now,
    }
    # Keep the most recent few (several tabs), so that the session cannot grow unbounded.
    request.session[_FLOWS_KEY] = dict(
        sorted(flows.items(), key=lambda item: item[1]["at"])[-_MAX_FLOWS:]
    )
    return HttpResponseRedirect(auth.url)


@never_cache
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with ``code`` and ``state``."""
    config = oidc.get_config()
    if config is None:
        raise Http404
    state = request.GET.get("state", "")
    flows: dict[str, Any] = request.session.get(_FLOWS_KEY, {})
    # One use only: the state is consumed whatever happens next.
    flow = flows.pop(state, None) if state else None
    request.session[_FLOWS_KEY] = flows
    if flow is None or time.time() - flow.get("at", 0) >= _FLOW_TTL:
        logger.warning("OIDC callback with unknown or expired state")
        return _error_page(
            request,
            _(
                "Phiên đăng nhập bằng định danh điện tử không hợp lệ hoặc đã hết hạn. "
                "Vui lòng thử lại."
            ),
            400,
        )
    if request.GET.get("error"):
        logger.info(
            "OIDC provider returned error %s: %s",
            request.GET.get("error"),
            request.GET.get("error_description", ""),
        )
        return _error_page(
            request, _("Đăng nhập bằng định danh điện tử đã bị hủy hoặc bị từ chối."), 400
        )
    code = request.GET.get("code", "")
    if not code:
        return _error_page(request, _("Thiếu mã xác thực từ hệ thống định danh điện tử."), 400)
    try:
        claims = oidc.complete(
            config, code, _redirect_uri(request, config), flow["verifier"], flow["nonce"]
        )
        user = actions.do_oidc_login(
            issuer=str(claims["iss"]), claims=claims, id_number_claim=config.id_number_claim
        )
    except oidc.OidcError as exc:
        log = logger.error if exc.status >= 500 else logger.warning
        log("OIDC sign-in refused: %s", exc.detail)
        return _error_page(request, exc, exc.status)
    except actions.OidcAccountRefused as exc:
        logger.warning("OIDC sign-in refused for a locked account")
        return _error_page(request, exc.message, 403)
    login(request, user, backend=_MODEL_BACKEND)
    return redirect(_safe_next(request, flow.get("next")))
