"""System checks of the shop's own configuration."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register()
def development_secret_key(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Warn when the shop runs outside DEBUG on the development secret key."""
    if settings.DEBUG or settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [
        Warning(
            "SECRET_KEY is not set: the shop is using the development key.",
            hint="Set the SECRET_KEY environment variable to a long random value.",
            id="shop.W001",
        )
    ]


@register(Tags.security, deploy=True)
def sandbox_payments_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Warn when the simulated gateway, which marks orders paid without money, is offered."""
    if settings.DEBUG or not settings.PAYMENT_PROVIDERS.get("sandbox", {}).get("enabled"):
        return []
    return [
        Warning(
            "The sandbox payment method is enabled: shoppers can pay without money.",
            hint="Set PAYMENT_SANDBOX=0 in production and configure a real gateway.",
            id="shop.W002",
        )
    ]
