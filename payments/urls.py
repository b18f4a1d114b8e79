from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("sandbox/<slug:trade_no>/", views.sandbox_view, name="sandbox"),
    path("scan/<slug:trade_no>/", views.scan_view, name="scan"),
    path("scan/<slug:trade_no>/qr.svg", views.qr_view, name="qr"),
    path("scan/<slug:trade_no>/check/", views.check_view, name="check"),
    path("<slug:number>/", views.pay_view, name="pay"),
]
