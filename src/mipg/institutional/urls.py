from django.urls import path

from . import views

app_name = "institutional"
urlpatterns = [
    path("", views.index, name="index"),
]
