import pytest

from orders.models import Order
from payments import providers
from tests.orders.conftest import address, fill_cart, shopper, skus  # noqa: F401
from tests.orders.helpers import place

from . import fake_provider


@pytest.fixture
def order(shopper, address, skus, fill_cart) -> Order:  # noqa: F811
    return place(user=shopper, cart=fill_cart((skus[0], 1)), address=address)


@pytest.fixture
def qr_gateway(settings, monkeypatch) -> fake_provider.FakeQrGateway:
    """Offer "wechat" backed by a QR gateway whose answers the test sets."""
    settings.PAYMENT_PROVIDERS = {**settings.PAYMENT_PROVIDERS, "wechat": {"enabled": True}}
    monkeypatch.setitem(providers.MODULES, "wechat", "tests.payments.fake_provider")
    gateway = fake_provider.FakeQrGateway()
    monkeypatch.setattr(fake_provider, "GATEWAY", gateway)
    return gateway
