from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("pendientes/", views.pending, name="pending"),
    path("pendientes/ir/<int:entity_id>/", views.go, name="go"),
    path("cuenta/recordatorios/", views.settings_page, name="settings"),
    path("cuenta/calendario/generar/", views.feed_regenerate, name="feed_regenerate"),
    path("cuenta/calendario/revocar/", views.feed_revoke, name="feed_revoke"),
    path("calendario/<str:token>.ics", views.feed, name="feed"),
]
