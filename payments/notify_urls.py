"""Gateway notifications: outside the language prefix, called by servers, not browsers."""

from django.urls import path

from . import views

app_name = "payments_notify"
urlpatterns = [
    path("<slug:provider>/", views.notify_view, name="receive"),
]
