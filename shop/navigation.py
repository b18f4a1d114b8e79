"""Where a form may send the shopper back to."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, target: str, fallback: str) -> str:
    """Return target if it is a path on this site, else fallback.

    Only a path: another site would be an open redirect, and redirect() would take a bare
    word for a URL name and fail to reverse it.
    """
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
