"""Phone and postcode formats for addresses in mainland China and abroad."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# An optional +86/0086 country code, then 11 digits starting 13-19; spaces or dashes allowed.
_CN_MOBILE = re.compile(r"^(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d){8}$")
# An area code of 3 or 4 digits starting with 0, a 7 or 8 digit number, an optional extension.
_CN_LANDLINE = re.compile(r"^(?:0\d{2,3}|\(0\d{2,3}\))[ -]?\d{3,4}[ -]?\d{4}(?:-\d{1,6})?$")
# A plus sign and 7 to 15 digits (E.164), grouped by spaces or dashes.
_INTERNATIONAL = re.compile(r"^\+\d(?:[ -]?\d){6,14}$")
_CN_POSTCODE = re.compile(r"^\d{6}$")


def is_cn_phone(value: str) -> bool:
    """Tell whether a number is a mainland mobile or landline number."""
    return bool(_CN_MOBILE.match(value) or _CN_LANDLINE.match(value))


def is_international_phone(value: str) -> bool:
    """Tell whether a number is written in international form (+ and digits)."""
    return bool(_INTERNATIONAL.match(value))


def validate_cn_phone(value: str) -> None:
    """Reject a number that is neither a mainland mobile nor a landline number."""
    if not is_cn_phone(value):
        raise ValidationError(
            _(
                "Enter a mainland mobile number (11 digits starting with 13 to 19) "
                "or a landline number such as 010-12345678."
            ),
            code="invalid_cn_phone",
        )


def validate_international_phone(value: str) -> None:
    """Reject a number that is not in international form."""
    if not is_international_phone(value):
        raise ValidationError(
            _(
                "Enter the number in international form: + and the country code, "
                "e.g. +1 212 555 0100."
            ),
            code="invalid_international_phone",
        )


def validate_any_phone(value: str) -> None:
    """Reject a number that is neither a Chinese nor an international number."""
    if not (is_cn_phone(value) or is_international_phone(value)):
        raise ValidationError(
            _(
                "Enter a mainland mobile or landline number, or an international number "
                "starting with +."
            ),
            code="invalid_phone",
        )


def validate_cn_postcode(value: str) -> None:
    """Reject a mainland postcode that is not 6 digits."""
    if not _CN_POSTCODE.match(value):
        raise ValidationError(_("A postcode in China has 6 digits."), code="invalid_cn_postcode")
