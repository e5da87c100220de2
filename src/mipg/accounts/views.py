"""Account pages in the app's look: sign-in, password change and reset, and the user's API tokens.
Every view names its template explicitly, so Django admin's `registration/` templates never win."""

import django_otp
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.audit import acting_as

from . import twofactor
from .forms import TokenCreateForm, TwoFactorCodeForm, TwoFactorEnrolForm
from .oidc import oidc_enabled
from .selectors import recovery_codes_left, tokens_of, totp_qr_data_uri, totp_secret_text
from .services import (
    password_reset_allowed,
    token_create,
    token_revoke,
    two_factor_check,
    two_factor_confirm,
    two_factor_pending_device,
    two_factor_recovery_regenerate,
)


class LoginView(auth_views.LoginView):
    """Password sign-in (local accounts and, when configured, LDAP); then the second factor if owed.
    With OpenID Connect configured the page also offers the institutional sign-in."""

    template_name = "accounts/login.html"

    def get_success_url(self):
        url = super().get_success_url()
        if twofactor.pending(self.request):
            return twofactor.next_step_url(self.request, url)
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        context["oidc_provider_name"] = settings.MIPG_OIDC_PROVIDER_NAME
        context["oidc_failed"] = self.request.GET.get("oidc") == "error"
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Same answer whether or not the address has an account (no user enumeration); throttled per
    e-mail (silently: nothing is sent) and per client address (refused with a message)."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    html_email_template_name = "accounts/password_reset_email.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        verdict = password_reset_allowed(
            email=form.cleaned_data["email"], ip_address=get_client_ip_address(self.request)
        )
        if verdict == "ip":
            form.add_error(
                None,
                _("Demasiadas solicitudes de restablecimiento desde este equipo. Intente más tarde."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if verdict == "email":
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # The person following the link is the actor of their own password change.
        with acting_as(form.user):
            return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def tokens(request):
    """List, create (the key is shown once, on this response only) and revoke one's own tokens."""
    form = TokenCreateForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = token_create(user=request.user, name=form.cleaned_data["name"], via="web")
            except ValidationError as error:
                form.add_error("name", error.messages)
        if form.errors:
            status = 400
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens_of(request.user),
            "new_key": new_key,
            "ttl_days": settings.MIPG_TOKEN_TTL_DAYS,
        },
        status=status,
    )
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request, digest: str):
    token = get_object_or_404(tokens_of(request.user), digest=digest)
    token_revoke(user=request.user, token=token, via="web")
    messages.success(request, _("Token «%(name)s» revocado.") % {"name": token.name})
    return redirect("account_tokens")


# --- Two-factor authentication ----------------------------------------------------------------------


def _safe_next(request, fallback: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback or resolve_url(settings.LOGIN_REDIRECT_URL)


def _codes_page(request, codes: list[str], next_url: str, status: int = 200):
    response = render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_home(request):
    state = twofactor.status(request, refresh=True)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enrolled": state["enrolled"],
            "required": twofactor.required_by_role(request.user),
            "verified": twofactor.is_verified(request.user),
            "codes_left": recovery_codes_left(request.user) if state["enrolled"] else 0,
        },
    )


@login_required
def two_factor_enrol(request):
    """Add the app: QR code (SVG drawn here) and the secret in text; the first code confirms it."""
    state = twofactor.status(request, refresh=True)
    next_url = _safe_next(request)
    if state["enrolled"]:
        # Only a verified session may look at enrolment again; a second device is never added this way.
        if not twofactor.is_verified(request.user):
            return redirect(twofactor.next_step_url(request, next_url))
        return redirect("two_factor")
    device = two_factor_pending_device(user=request.user)
    form = TwoFactorEnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            codes = two_factor_confirm(user=request.user, device=device, token=form.cleaned_data["code"])
            if codes is not None:
                django_otp.login(request, device)
                twofactor.forget(request)
                return _codes_page(request, codes, next_url)
            form.add_error(
                "code", _("El código no coincide. Revise la hora del teléfono y escriba el código actual.")
            )
        status = 400
    response = render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": totp_qr_data_uri(device),
            "secret": totp_secret_text(device),
            "next": next_url,
            "required": state["must"],
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_verify(request):
    state = twofactor.status(request, refresh=True)
    next_url = _safe_next(request)
    if not state["enrolled"]:
        return redirect(twofactor.next_step_url(request, next_url) if state["must"] else "two_factor")
    if twofactor.is_verified(request.user):
        return redirect(next_url)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            device = two_factor_check(user=request.user, token=form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                twofactor.forget(request)
                return redirect(next_url)
            form.add_error(
                "code",
                _(
                    "Código incorrecto o ya usado. Si falla varias veces, espere unos segundos antes de "
                    "reintentar."
                ),
            )
        status = 400
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=status)


@login_required
@require_POST
def two_factor_recovery_codes(request):
    """New recovery codes (only from a verified session; the old ones stop working)."""
    if not twofactor.is_verified(request.user):
        return redirect(
            twofactor.next_step_url(request) if twofactor.status(request)["enrolled"] else "two_factor"
        )
    codes = two_factor_recovery_regenerate(user=request.user)
    return _codes_page(request, codes, resolve_url("two_factor"))
