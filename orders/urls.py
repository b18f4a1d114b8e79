from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("orders/<str:number>/", views.order_detail_view, name="detail"),
]
