from django.urls import path

from . import views

app_name = "institutional"
urlpatterns = [
    path("", views.index, name="index"),
    path("comites/nuevo/", views.committee_create, name="committee_create"),
    path("comites/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("comites/<int:pk>/editar/", views.committee_edit, name="committee_edit"),
    path("comites/<int:pk>/actos/", views.act_add, name="act_add"),
    path("comites/<int:pk>/puestos/", views.seat_add, name="seat_add"),
    path("comites/<int:pk>/sesiones/nueva/", views.session_create, name="session_create"),
    path("actos/<int:pk>/pdf/", views.act_download, name="act_download"),
    path("comites/<int:pk>/asignar-puesto/", views.seat_assign, name="seat_assign"),
    path("sesiones/", views.session_list, name="session_list"),
    path("sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("sesiones/<int:pk>/convocar/", views.session_convene, name="session_convene"),
    path("sesiones/<int:pk>/cancelar/", views.session_cancel, name="session_cancel"),
    path("sesiones/<int:pk>/asistencia/", views.attendance_record, name="attendance_record"),
    path("sesiones/<int:pk>/quorum/", views.quorum_partial, name="quorum"),
    path("sesiones/<int:pk>/orden-del-dia/", views.agenda_add, name="agenda_add"),
    path("sesiones/<int:pk>/decisiones/", views.decision_add, name="decision_add"),
    path("sesiones/<int:pk>/compromisos/", views.commitment_add, name="commitment_add"),
    path("sesiones/<int:pk>/acta/", views.acta_generate, name="acta_generate"),
    path("orden-del-dia/<int:pk>/desarrollo/", views.agenda_develop, name="agenda_develop"),
    path("decisiones/<int:pk>/retirar/", views.decision_delete, name="decision_delete"),
    path("compromisos/<int:pk>/retirar/", views.commitment_delete, name="commitment_delete"),
    path("actas/<int:pk>/pdf/", views.acta_pdf, name="acta_pdf"),
    path("actas/<int:pk>/notas/", views.acta_notes, name="acta_notes"),
    path("actas/<int:pk>/aprobar/", views.acta_approve, name="acta_approve"),
    path("actas/<int:pk>/corregir/", views.acta_correct, name="acta_correct"),
    path("compromisos/", views.commitment_list, name="commitment_list"),
    path("compromisos/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("cumplimiento/", views.compliance, name="compliance"),
]
