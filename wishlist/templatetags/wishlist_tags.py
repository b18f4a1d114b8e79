from django import template

from wishlist.selectors import wishlist_product_ids

register = template.Library()


@register.inclusion_tag("wishlist/button.html", takes_context=True)
def wishlist_button(context: template.Context, product, compact: bool = False) -> dict:
    """Show a heart that saves the product, or takes it off the wishlist if saved."""
    request = context.get("request")
    saved = request is not None and product.pk in wishlist_product_ids(request)
    return {
        "product": product,
        "saved": saved,
        "compact": compact,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
