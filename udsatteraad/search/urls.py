from django.urls import path

from . import views

urlpatterns = [
    path("soeg/", views.search, name="search"),
]
