from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.dimension_list, name="dimension_list"),
    path("dimensiones/<str:code>/", views.dimension_detail, name="dimension_detail"),
    path("politicas/<str:code>/", views.policy_detail, name="policy_detail"),
]
