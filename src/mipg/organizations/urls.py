from django.urls import path

from . import admin_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("<int:pk>/", views.entity_detail, name="entity_detail"),
    # --- administration (issue 10): entities, dependencias, people, accounts, roles, onboarding ---
    path("administracion/", admin_views.index, name="admin_index"),
    path("nueva/", admin_views.entity_create, name="entity_create"),
    path("<int:pk>/editar/", admin_views.entity_edit, name="entity_edit"),
    path("<int:pk>/estado/", admin_views.entity_toggle, name="entity_toggle"),
    path("<int:pk>/dependencias/nueva/", admin_views.dependencia_create, name="dependencia_create"),
    path("dependencias/<int:pk>/editar/", admin_views.dependencia_edit, name="dependencia_edit"),
    path("personas/", admin_views.person_list, name="person_list"),
    path("personas/nueva/", admin_views.person_create, name="person_create"),
    path("personas/<int:pk>/", admin_views.person_detail, name="person_detail"),
    path("personas/<int:pk>/editar/", admin_views.person_edit, name="person_edit"),
    path("personas/<int:pk>/invitar/", admin_views.person_invite, name="person_invite"),
    path("personas/<int:pk>/cuenta/", admin_views.person_account, name="person_account"),
    path("personas/<int:pk>/roles/", admin_views.person_grant, name="person_grant"),
    path("roles/<int:pk>/retirar/", admin_views.assignment_revoke, name="assignment_revoke"),
    path("personas/importar/", admin_views.people_import_view, name="people_import"),
    path("personas/importar/confirmar/", admin_views.people_import_confirm, name="people_import_confirm"),
    path("personas/plantilla.xlsx", admin_views.people_template, name="people_template"),
    path("roles/", admin_views.roles_matrix, name="role_matrix"),
    path("invitacion/<str:token>/", admin_views.invitation_accept, name="invitation_accept"),
]
