"""The dashboard's URLs, under the admin's prefix and behind its log-in."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", admin.site.admin_view(views.dashboard_view), name="backoffice_dashboard"),
    path(
        "<slug:figure>.csv",
        admin.site.admin_view(views.dashboard_csv),
        name="backoffice_dashboard_csv",
    ),
]
