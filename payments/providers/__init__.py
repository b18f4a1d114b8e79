"""Payment providers, found through a plain registry; unconfigured ones are not offered."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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


def configured(code: str) -> bool:
    """Say whether a payment method has the keys it needs in settings."""
    return bool(settings.PAYMENT_PROVIDERS.get(code, {}).get("enabled"))


def available_methods() -> list[Method]:
    """Return the payment methods a shopper may choose at checkout, in display order."""
    return [method for code, method in METHODS.items() if configured(code)]
