from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("entidad/<int:pk>/", views.entity_dashboard, name="entity"),
    path("entidad/<int:pk>/dimension/<str:code>/", views.entity_dimension, name="entity_dimension"),
    path("entidad/<int:pk>/politica/<str:code>/", views.entity_policy, name="entity_policy"),
    path("sector/<int:pk>/", views.sector_dashboard, name="sector"),
    path("sector/<int:pk>/excel/", views.sector_xlsx, name="sector_xlsx"),
    path("sector/<int:pk>/informe.pdf", views.sector_pdf, name="sector_pdf"),
]
