from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("importar/", views.results_upload, name="upload"),
    path("ranking/", views.ranking, name="ranking"),
    path("recomendaciones/", views.recommendation_list, name="recommendation_list"),
    path("recomendaciones/importar/", views.recommendation_upload, name="recommendation_upload"),
    path(
        "recomendaciones/acciones/", views.actions_from_recommendations, name="actions_from_recommendations"
    ),
    path("planes/", views.plan_list, name="plan_list"),
    path("planes/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("hallazgos/<int:finding_pk>/acciones/nueva/", views.action_create, name="action_create"),
    path("hallazgos/<int:pk>/cerrar/", views.finding_close, name="finding_close"),
    path("acciones/<int:pk>/", views.action_detail, name="action_detail"),
]
