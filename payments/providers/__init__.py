"""Payment providers, found through a plain registry; unconfigured ones are not offered."""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .base import PaymentError, Provider


@dataclass(frozen=True)
class Method:
    code: str
    label: str | Promise


METHODS = {
    "sandbox": Method("sandbox", _("Sandbox payment (demo)")),
    "alipay": Method("alipay", _("Alipay")),
    "wechat": Method("wechat", _("WeChat Pay")),
    "card": Method("card", _("Bank card")),
}

# The module behind each method; its from_settings() builds the provider from
# settings.PAYMENT_PROVIDERS[code]. Imported on first use: the gateways' SDKs load only then.
MODULES = {code: f"payments.providers.{code}" for code in METHODS}


class UnavailableProvider(PaymentError):
    """A payment method the shop does not know or has not configured."""


def configured(code: str) -> bool:
    """Say whether a payment method has the keys it needs in settings."""
    return bool(settings.PAYMENT_PROVIDERS.get(code, {}).get("enabled"))


def available_methods() -> list[Method]:
    """Return the payment methods a shopper may choose at checkout, in display order."""
    return [method for code, method in METHODS.items() if configured(code)]


def provider(code: str) -> Provider:
    """Return the gateway of a configured payment method, or raise UnavailableProvider."""
    if code not in MODULES or not configured(code):
        raise UnavailableProvider(str(_("This payment method is not available.")))
    return import_module(MODULES[code]).from_settings()
