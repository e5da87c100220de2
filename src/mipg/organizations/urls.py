from django.urls import path

from . import views
from .admin_views import entities, invitations, onboarding, people, roles, users

app_name = "organizations"
urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("<int:pk>/", views.entity_detail, name="entity_detail"),
    # --- administration (issue 10): entities, dependencias, people, accounts, roles, onboarding ---
    path("administracion/", entities.index, name="admin_index"),
    path("nueva/", entities.entity_create, name="entity_create"),
    path("<int:pk>/editar/", entities.entity_edit, name="entity_edit"),
    path("<int:pk>/estado/", entities.entity_toggle, name="entity_toggle"),
    path("<int:pk>/dependencias/nueva/", entities.dependencia_create, name="dependencia_create"),
    path("dependencias/<int:pk>/editar/", entities.dependencia_edit, name="dependencia_edit"),
    path("personas/", people.person_list, name="person_list"),
    path("personas/nueva/", people.person_create, name="person_create"),
    path("personas/<int:pk>/", people.person_detail, name="person_detail"),
    path("personas/<int:pk>/editar/", people.person_edit, name="person_edit"),
    path("personas/<int:pk>/invitar/", invitations.person_invite, name="person_invite"),
    path("personas/<int:pk>/cuenta/", roles.person_account, name="person_account"),
    path("personas/<int:pk>/roles/", roles.person_grant, name="person_grant"),
    path("roles/<int:pk>/retirar/", roles.assignment_revoke, name="assignment_revoke"),
    path("personas/importar/", onboarding.people_import_view, name="people_import"),
    path("personas/importar/confirmar/", onboarding.people_import_confirm, name="people_import_confirm"),
    path("personas/plantilla.xlsx", onboarding.people_template, name="people_template"),
    path("roles/", roles.roles_matrix, name="role_matrix"),
    path("invitacion/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("usuarios/", users.user_list, name="user_list"),
    path("usuarios/nuevo/", users.user_create, name="user_create"),
    path("usuarios/<int:pk>/", users.user_detail, name="user_detail"),
    path("usuarios/<int:pk>/cuenta/", users.user_account, name="user_account"),
    path("usuarios/<int:pk>/restablecer/", users.user_reset, name="user_reset"),
    path("usuarios/<int:pk>/roles/", users.user_grant, name="user_grant"),
    path("usuarios/<int:pk>/persona/", users.user_link_person, name="user_link_person"),
]
