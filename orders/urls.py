from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("checkout/", views.checkout_view, name="checkout"),
    path("orders/", views.order_list_view, name="list"),
    path("orders/<slug:number>/", views.order_detail_view, name="detail"),
    path("orders/<slug:number>/cancel/", views.order_cancel_view, name="cancel"),
    path("orders/<slug:number>/confirm/", views.order_confirm_view, name="confirm"),
    path("orders/<slug:number>/refund/", views.order_refund_view, name="refund"),
]
