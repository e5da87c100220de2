"""Admin: users keep Django's pages plus audited actions (unlock a locked-out login, revoke API
tokens); failed-login records are read-only here, so that an unlock is always an audited action."""

from axes.models import AccessAttempt, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken
from .services import login_unlock, tokens_revoke_all, two_factor_disable

User = get_user_model()


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class MipgUserAdmin(UserAdmin):
    actions = ["unlock_login", "revoke_tokens", "remove_second_factor"]

    @admin.action(description=_("Desbloquear el ingreso (intentos fallidos)"))
    def unlock_login(self, request, queryset):
        for user in queryset:
            login_unlock(user=request.user, username=user.get_username(), via="admin")
        self.message_user(request, _("Ingreso desbloqueado."), messages.SUCCESS)

    @admin.action(description=_("Revocar sus tokens de API"))
    def revoke_tokens(self, request, queryset):
        total = sum(
            tokens_revoke_all(user=request.user, owner=user, reason=str(_("revocados por un administrador")))
            for user in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d token revocado.", "%(count)d tokens revocados.", total) % {"count": total},
            messages.SUCCESS,
        )

    @admin.action(description=_("Retirar el segundo factor (teléfono perdido o cambiado)"))
    def remove_second_factor(self, request, queryset):
        for user in queryset:
            two_factor_disable(user=request.user, owner=user, reason=str(_("retirado por un administrador")))
        self.message_user(
            request,
            _(
                "Segundo factor retirado: al ingresar de nuevo, cada usuario lo activará otra vez si su "
                "rol lo exige."
            ),
            messages.SUCCESS,
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Desbloquear (queda en la auditoría)"), permissions=["view"])
    def unlock(self, request, queryset):
        for attempt in queryset:
            login_unlock(
                user=request.user,
                username=attempt.username or "",
                ip_address=attempt.ip_address or "",
                via="admin",
            )
        self.message_user(request, _("Ingreso desbloqueado."), messages.SUCCESS)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Who signed in, from where and when (django-axes' access log), read-only."""

    list_display = ["attempt_time", "username", "ip_address", "logout_time", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (or `mipg token`); here they can only be seen and revoked."""

    list_display = ["name", "user", "token_key", "created", "expiry"]
    search_fields = ["name", "token_key", "user__username"]
    fields = ["name", "user", "token_key", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        from .services import token_revoke

        token_revoke(user=request.user, token=obj, via="admin")

    def delete_queryset(self, request, queryset):
        from .services import token_revoke

        for token in queryset:
            token_revoke(user=request.user, token=token, via="admin")
