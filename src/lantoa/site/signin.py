"""Sign-in hardening: lockouts after repeated failures, and an optional second step (TOTP).

Throttling is django-axes (database handler, shared by every process): ``AXES_FAILURE_LIMIT``
failed sign-ins for one account, or from one address, lock that account or address for
``AXES_COOLOFF_TIME``; each further attempt while locked restarts the wait. Every lockout is
written to the audit log; a site admin unlocks in the admin ("Access attempts") or with
``lantoa manage axes_reset_username <name>`` / ``axes_reset_ip <address>``.

The second step is a TOTP code (django-otp) from an authenticator app. Any account may turn
it on; with ``LANTOA_TWO_FACTOR_REQUIRED=1`` accounts that administer a province or the
country (and superusers) must, outside demo mode. See docs/security.md.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lantoa.audit.services import audit_record

ADMINISTERING_KINDS = ("country", "province")


def signin_locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page for a locked-out sign-in (``AXES_LOCKOUT_CALLABLE``): when to try again."""
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    context = {
        "until": until,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "site/locked_out.html", context, status=429)


def record_lockout(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Write every lockout to the audit log (receiver of ``axes.signals.user_locked_out``)."""
    from axes.models import AccessAttempt

    user = get_user_model().objects.filter(username=username or "").first()
    obj = user or AccessAttempt.objects.filter(ip_address=ip_address).order_by("-pk").first()
    if obj is None:
        return
    # Axes signals again for every attempt refused while locked: one row per lockout.
    from lantoa.audit.models import AuditEvent

    recent = AuditEvent.objects.filter(
        action="signin.locked_out",
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        at__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    if recent.exists():
        return
    audit_record(
        actor=None,
        action="signin.locked_out",
        obj=obj,
        after={
            "username": (username or "")[:150],
            "ip_address": ip_address or "",
            "until": (timezone.now() + settings.AXES_COOLOFF_TIME).isoformat(),
        },
    )


def second_step_required(user: Any) -> bool:
    """Whether ``user`` must use a second step: only when the setting asks, never in demo."""
    if not settings.LANTOA_TWO_FACTOR_REQUIRED or settings.DEMO:
        return False
    if user.is_superuser:
        return True
    from lantoa.orgs.models import Membership, Role

    return Membership.objects.filter(
        user=user, role=Role.ADMIN, unit__kind__in=ADMINISTERING_KINDS
    ).exists()


def _devices(user: Any, *, confirmed: bool = True) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed)


_EXEMPT_NAMES = frozenset({"otp_verify", "otp_setup", "logout", "login", "healthz"})


SESSION_KEY = "lantoa.second_step"


def note_second_step(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At sign-in (``user_logged_in``), note in the session whether this account must pass a
    second step ("verify": it has one; "setup": its role requires one), so the middleware
    costs no query on the requests that follow."""
    if request is None or not hasattr(request, "session"):
        return
    if _devices(user).exists():
        request.session[SESSION_KEY] = "verify"
    elif second_step_required(user):
        request.session[SESSION_KEY] = "setup"
    else:
        request.session.pop(SESSION_KEY, None)


class SecondStepMiddleware:
    """Keep a signed-in account that has (or needs) a second step on that step's page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if step == "setup" and (settings.DEMO or not settings.LANTOA_TWO_FACTOR_REQUIRED):
            step = None
        if (
            step
            and request.user.is_authenticated
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not request.path_info.startswith((settings.STATIC_URL, "/i18n/"))
        ):
            from django.urls import Resolver404, resolve

            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in _EXEMPT_NAMES:
                target = "otp_verify" if step == "verify" else "otp_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _token(request: HttpRequest) -> str:
    return "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())[:8]


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in: a six-digit code from the authenticator app."""
    from django_otp import login as otp_login

    error = ""
    if request.method == "POST":
        token = _token(request)
        for device in _devices(request.user):
            allowed, _info = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                otp_login(request, device)
                return redirect(_next(request))
        error = _("The code is not right or has expired. Enter the current code from the app.")
    return render(
        request,
        "site/otp_verify.html",
        {"error": error, "next": _next(request)},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Turn on the second step: scan the key into an authenticator app, confirm one code."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    if _devices(user).exists() and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("otp_verify")
    device = _devices(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(_token(request)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _devices(user).exclude(pk=device.pk).delete()
            audit_record(actor=user, action="signin.second_step_on", obj=user)  # type: ignore[arg-type]
            otp_login(request, device)
            request.session[SESSION_KEY] = "verify"
            return redirect(_next(request))
        error = _("The code is not right or has expired. Enter the current code from the app.")
    import segno

    secret = base64.b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    context = {
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": qr.svg_data_uri(scale=4, border=2),
        "error": error,
        "next": _next(request),
        "on": _devices(user).exists(),
        "required": second_step_required(user),
    }
    return render(request, "site/otp_setup.html", context, status=400 if error else 200)
