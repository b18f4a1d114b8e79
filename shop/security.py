"""Log-in lockout and Content Security Policy: the shop's hooks into django-axes and django-csp."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Pages built by third-party templates whose markup carries inline styles: the admin
# (import-export, thumbnails, charts) and the API documentation (Swagger UI, Redoc). Styles
# cannot run code; scripts stay restricted to the shop's own files there too.
INLINE_STYLE_NAMESPACES = frozenset({"admin"})
INLINE_STYLE_VIEWS = frozenset({"api:docs", "api:redoc"})


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out username and address; pass on a call that has no request.

    Every log-in over HTTP (shop, admin, API token) passes its request and is counted. Only
    code that runs outside a request (a shell, the test client's ``login()``) has none, and
    it has nothing to count by.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """Count failures per account: an e-mail address in any case is one username."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """Answer a locked-out log-in: JSON for the API, the shop's page elsewhere."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        detail = _(
            "Too many failed sign-ins for this account from your address. "
            "Try again in %(minutes)d minutes."
        ) % {"minutes": minutes}
        return JsonResponse({"detail": detail, "code": "locked_out"}, status=429)
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Send the shop's policy; the admin and the API docs may also use inline styles."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if match is not None and (
            INLINE_STYLE_NAMESPACES.intersection(match.namespaces)
            or match.view_name in INLINE_STYLE_VIEWS
        ):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
