"""Shopper-facing and operator URLs outside the language prefix."""

from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("currency/", views.choose_currency, name="currency"),
]

health_urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
