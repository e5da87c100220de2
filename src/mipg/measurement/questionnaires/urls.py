from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.index, name="index"),
    path("importar/", views.questionnaire_import, name="questionnaire_import"),
    path("cuestionario/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("cuestionario/<int:pk>/exportar.xlsx", views.questionnaire_export, name="questionnaire_export"),
    path("campanas/nueva/", views.campaign_create, name="campaign_create"),
    path("campanas/sectorial/nueva/", views.sector_campaign_create, name="sector_campaign_create"),
    path("campanas/sectorial/<int:pk>/", views.sector_campaign_detail, name="sector_campaign_detail"),
    path("campanas/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campanas/<int:pk>/preguntas/", views.campaign_questions, name="campaign_questions"),
    path("campanas/<int:pk>/asignar/", views.campaign_assign, name="campaign_assign"),
    path("campanas/<int:pk>/comparar/", views.campaign_compare, name="campaign_compare"),
    path("campanas/<int:pk>/transcripcion.xlsx", views.campaign_transcription, name="campaign_transcription"),
    path("respuestas/<int:pk>/", views.answer_detail, name="answer_detail"),
]
