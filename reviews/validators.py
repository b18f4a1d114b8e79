"""Checks on uploaded review photos: a real picture, of a common kind, not too large."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


def validate_photo(file: File) -> None:
    """Refuse a file that is too large or that Pillow cannot read as a JPEG, PNG, WebP or GIF."""
    limit = settings.REVIEW_PHOTO_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("A photo may be at most %(size)s.") % {"size": filesizeformat(limit)},
            code="photo_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This file is not a picture."), code="not_a_picture") from error
    finally:
        file.seek(position)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(_("Send a JPEG, PNG, WebP or GIF picture."), code="photo_format")
