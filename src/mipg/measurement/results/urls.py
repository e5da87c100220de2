from django.urls import path

from . import shared_views, views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("importar/", views.results_upload, name="upload"),
    # Shared data: staged imports (preview, confirm) and restorable versions (results administrator only).
    path("importar/<int:pk>/", shared_views.staged_preview, name="staged_preview"),
    path("importar/<int:pk>/confirmar/", shared_views.staged_confirm, name="staged_confirm"),
    path("vigencias/<int:vigencia>/versiones/", shared_views.version_list, name="version_list"),
    path("versiones/<int:pk>/restaurar/", shared_views.version_restore, name="version_restore"),
    path(
        "recomendaciones/versiones/",
        shared_views.recommendation_version_list,
        name="recommendation_versions",
    ),
    path(
        "recomendaciones/versiones/<int:pk>/restaurar/",
        shared_views.recommendation_version_restore,
        name="recommendation_version_restore",
    ),
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
