from django import template
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.safestring import mark_safe

from shop.pagecache import fill, hole, in_holes_mode

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """Return the current page's URL in another language, query string included."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    url = translate_url(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def guest_part(context: template.Context, name: str) -> str:
    """Render a part of the page that is each guest's own, or its hole in a page to be kept."""
    request = context.get("request")
    if in_holes_mode(request):
        return mark_safe(hole(name))
    return mark_safe(fill(request, name))
