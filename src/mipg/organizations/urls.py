from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("<int:pk>/", views.entity_detail, name="entity_detail"),
]
