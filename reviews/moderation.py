"""Why a text should wait for a merchant before it is shown: links and banned words."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|cn|net|org|io|top|xyz|me)\b)", re.IGNORECASE)


def hold_reason(texts: Iterable[str], *, banned_words: Iterable[str]) -> str:
    """Return why the texts must be held for moderation, or an empty string."""
    joined = "\n".join(texts)
    if LINK.search(joined):
        return _("contains a link")
    lowered = joined.casefold()
    for word in banned_words:
        if word and word.casefold() in lowered:
            return _("contains a banned word")
    return ""
