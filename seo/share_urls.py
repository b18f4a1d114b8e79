"""Sharing pages that live under each language's prefix."""

from django.urls import path

from . import views

app_name = "share"
urlpatterns = [
    path("share/p/<slug:slug>/qr.svg", views.product_qr, name="product_qr"),
]
