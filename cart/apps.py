from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CartConfig(AppConfig):
    name = "cart"
    verbose_name = _("Cart")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .receivers import merge_guest_cart

        user_logged_in.connect(merge_guest_cart, dispatch_uid="cart.merge_guest_cart")
