"""What an order use case says when it refuses; nothing was changed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.templatetags.catalog_tags import money
from orders.models import OrderStatus


class OrderError(ValidationError):
    """An order change that was refused; nothing was changed."""


class IllegalTransition(OrderError):
    def __init__(self, *, source: str, target: str) -> None:
        super().__init__(
            _("An order that is “%(source)s” cannot become “%(target)s”."),
            code="illegal_transition",
            params={"source": OrderStatus(source).label, "target": OrderStatus(target).label},
        )
        self.source, self.target = source, target


class CheckoutError(OrderError):
    """A checkout that could not become an order: sold out, a code used up, a bad choice."""


class PriceChanged(CheckoutError):
    """The total the shopper saw is no longer the total; `total` is the new one."""

    def __init__(self, *, total: Decimal) -> None:
        super().__init__(
            _("The price of your order changed to %(total)s. Please check it and order again."),
            code="price_changed",
            params={"total": money(total)},
        )
        self.total = total
