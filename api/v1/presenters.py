"""Shape the shop's read results (cart detail, pricing) into the API's plain structures."""

from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage

from cart.selectors import CartDetail
from promotions.engine.result import Hint
from promotions.pricing import CartPricing, hint_text

ZERO = Decimal("0.00")


def _hint(hint: Hint | None) -> dict[str, Any] | None:
    if hint is None:
        return None
    return {
        "text": hint_text(hint),
        "spend_more": hint.spend_more,
        "add_qty": hint.add_qty,
        "reward": dict(hint.reward),
    }


def pricing_data(pricing: CartPricing) -> dict[str, Any]:
    """Return the engine's full result with the names, hints and code statuses of the page."""
    result = pricing.result
    return {
        "currency": result.currency,
        "subtotal": result.subtotal,
        "discount": result.discount,
        "shipping": result.shipping,
        "shipping_discount": result.shipping_discount,
        "total": result.total,
        "optimal": result.optimal,
        "order_discounts": pricing.order_discounts,
        "shipping_discounts": pricing.shipping_discounts,
        "gifts": pricing.gifts,
        "hints": pricing.hints,
        "codes": pricing.codes,
        "applied": [
            {**entry._asdict(), "amount": entry.amount, "hint": _hint(entry.hint)}
            for entry in result.applied
        ],
        "not_applied": [
            {**entry._asdict(), "hint": _hint(entry.hint)} for entry in result.not_applied
        ],
    }


def cart_data(detail: CartDetail, pricing: CartPricing | None) -> dict[str, Any]:
    """Return the cart's lines with their engine prices, its totals and the pricing result."""
    priced = {row["detail"].sku.pk: row for row in pricing.lines} if pricing else {}
    lines = []
    for line in detail.lines:
        row = priced.get(line.sku.pk)
        result = row["result"] if row else None
        lines.append(
            {
                "sku": line.sku.pk,
                "code": line.sku.code,
                "product": line.product.slug,
                "name": line.product.name,
                "options": line.options,
                "image": default_storage.url(line.image) if line.image else None,
                "quantity": line.quantity,
                "available": line.available,
                "status": line.status.value,
                "unit_price": line.unit_price,
                "subtotal": line.subtotal,
                "discount": result.discount if result else ZERO,
                "total": result.total if result else line.subtotal,
                "adjustments": row["adjustments"] if row else [],
            }
        )
    return {
        "lines": lines,
        "unit_count": detail.unit_count,
        "subtotal": detail.subtotal,
        "has_problems": detail.has_problems,
        "pricing": pricing_data(pricing) if pricing else None,
    }
