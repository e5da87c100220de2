"""Account pages in the app's look: sign-in, password change and reset, and the user's API tokens.
Every view names its template explicitly, so Django admin's `registration/` templates never win."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.audit import acting_as

from .forms import TokenCreateForm
from .selectors import tokens_of
from .services import password_reset_allowed, token_create, token_revoke


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


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
