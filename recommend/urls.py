from django.urls import path

from . import views

app_name = "recommend"
urlpatterns = [
    path("search/suggest/", views.suggest, name="suggest"),
    path("recommend/p/<int:product_id>/", views.also_bought, name="also_bought"),
    path("recommend/for-you/", views.you_may_like, name="you_may_like"),
    path("recommend/cart/", views.complete_your_order, name="complete_your_order"),
]
