from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/estado.json", views.job_status, name="status"),
    path("<int:pk>/descargar/", views.job_download, name="download"),
    path("exportar-vigencia/", views.vigencia_export, name="vigencia_export"),
]
