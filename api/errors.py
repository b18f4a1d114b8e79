"""Every API error as JSON with a `detail` and a `code`; a service's refusal included."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from payments.providers.base import PaymentError

# Refusals that say the order's state does not allow the action now, not that input is bad.
CONFLICT_CODES = frozenset({"illegal_transition", "refund_open", "idempotency_key_reused"})


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the current state.")
    default_code = "conflict"


def refusal(error: DjangoValidationError) -> exceptions.APIException:
    """Turn a service's ValidationError into a 400 (or a 409 for a state conflict)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(detail=error.message_dict)
    code = getattr(error, "code", None) or "invalid"
    detail = " ".join(error.messages)
    if code in CONFLICT_CODES:
        return Conflict(detail=detail, code=code)
    return exceptions.ValidationError(detail={"detail": detail, "code": code})


def _first_code(codes: Any) -> str:
    if isinstance(codes, dict):
        return next((_first_code(value) for value in codes.values()), "invalid")
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Shape every error the same way: {"detail", "code"}, plus "errors" for bad fields."""
    if isinstance(exc, DjangoValidationError):
        exc = refusal(exc)
    elif isinstance(exc, PaymentError):
        exc = exceptions.ValidationError(detail={"detail": exc.reason, "code": "payment_error"})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail", "code"}:
        response.data = {"detail": str(data["detail"]), "code": str(_first_code(data["code"]))}
    elif isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"detail": str(data["detail"]), "code": _first_code(exc.get_codes())}
    else:
        response.data = {
            "detail": _("Some fields are not valid."),
            "code": _first_code(exc.get_codes()),
            "errors": data,
        }
    return response
