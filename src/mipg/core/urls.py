from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("entidad-actual/", views.select_entity, name="select_entity"),
    path("historial/<str:app_label>/<str:model_name>/<str:pk>/", views.object_history, name="object_history"),
]
urlpatterns += [
    path("evidencias/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidencias/<int:pk>/archivo/", views.evidence_download, name="evidence_download"),
]
urlpatterns += [path("medicion/", views.measurement_index, name="measurement_index")]
