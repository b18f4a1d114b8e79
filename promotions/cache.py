"""The compiled promotion set, compiled once per change and kept in each process.

A version number in Django's cache says which set is current: every change to promotions,
codes or segments bumps it, and a process recompiles when its copy is of another version.
The set holds every promotion that is active and not ended, whatever its window, so it
stays right as time passes: the engine judges the window of each pricing.
"""

import logging
import re
import threading
from typing import Any

from django.utils import timezone

from catalog.models import SKU
from promotions.engine import CaseError, PromotionSet, compile_promotions
from shop.versions import Version

from .definitions import active_definitions, gift_skus

logger = logging.getLogger(__name__)

VERSION = Version("promotions:version")
POSITION = re.compile(r"^promotions\[(\d+)\]")

_lock = threading.Lock()
_compiled: dict[str, Any] = {}


def promotions_version() -> int:
    return VERSION.current()


def promotions_changed() -> None:
    """Make every process recompile: now, and again once the change is committed."""
    VERSION.changed()


def compile_usable(definitions: list[dict[str, Any]]) -> PromotionSet:
    """Compile definitions, leaving out (and logging) any the engine refuses.

    A gift whose SKU was deleted since is one of them.
    """
    definitions = list(definitions)
    gifts = {sku for definition in definitions for sku in gift_skus(definition)}
    skus = set(SKU.objects.filter(code__in=gifts).values_list("code", flat=True))
    while True:
        try:
            return compile_promotions(definitions, skus=skus)
        except CaseError as error:
            match = POSITION.match(error.path)
            if match is None:
                raise
            bad = definitions.pop(int(match.group(1)))
            logger.error("Promotion %s left out of pricing: %s", bad.get("id"), error)


def compiled_promotions() -> PromotionSet:
    """Return the compiled set of current promotions, compiling only after a change."""
    version = promotions_version()
    entry = _compiled.get("entry")
    if entry is not None and entry[0] == version:
        return entry[1]
    with _lock:
        entry = _compiled.get("entry")
        if entry is not None and entry[0] == version:
            return entry[1]
        promotions = compile_usable(active_definitions(timezone.now()))
        _compiled["entry"] = (version, promotions)
        return promotions
