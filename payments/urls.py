from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("<str:number>/", views.pay_view, name="pay"),
]
