from django.urls import path

from . import views

app_name = "promotions"
urlpatterns = [
    path("flash-sale/", views.flash_sale, name="flash_sale"),
    path("cart/coupons/apply/", views.coupon_apply_view, name="coupon_apply"),
    path("cart/coupons/remove/", views.coupon_remove_view, name="coupon_remove"),
]
