from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("clave/", views.PasswordChangeView.as_view(), name="password_change"),
    path("clave/lista/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("clave/restablecer/", views.PasswordResetView.as_view(), name="password_reset"),
    path("clave/restablecer/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "clave/restablecer/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "clave/restablecer/listo/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tokens/", views.tokens, name="account_tokens"),
    path("tokens/<str:digest>/revocar/", views.token_revoke_view, name="account_token_revoke"),
]
