"""Read the shop into arrays for the models: the catalogue, the purchases, ranking signals.

A handful of queries whatever the size; everything after this module is numpy.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.apps import apps
from django.db.models import F, Sum

from catalog.models import Category, Product
from catalog.search import document_text, segment
from inventory.models import Stock
from orders.models import OrderLine
from orders.states import SOLD_STATES

from .content import Description
from .similarity import decay

VELOCITY_HALF_LIFE_DAYS = 14.0
DAY = 86400.0


@dataclass
class Catalogue:
    ids: list[int] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)
    ratings: list[float] = field(default_factory=list)
    descriptions: list[Description] = field(default_factory=list)
    search_texts: list[str] = field(default_factory=list)

    @property
    def index(self) -> dict[int, int]:
        return {product_id: index for index, product_id in enumerate(self.ids)}

    def popular_by_category(self, counts: np.ndarray, *, limit: int) -> dict[int, list[int]]:
        """Return each category's best-selling product indices, best first."""
        best: dict[int, list[int]] = defaultdict(list)
        for index in np.argsort(-counts, kind="stable").tolist():
            if counts[index] <= 0:
                break
            shelf = best[self.categories[index]]
            if len(shelf) < limit:
                shelf.append(index)
        return best


@dataclass(frozen=True)
class Purchases:
    users: np.ndarray
    items: np.ndarray
    quantities: np.ndarray
    times: np.ndarray  # seconds since the epoch
    n_users: int
    n_items: int

    def ages(self, *, now: datetime) -> np.ndarray:
        return (now.timestamp() - self.times) / DAY

    def weights(self, *, now: datetime, half_life_days: float) -> np.ndarray:
        return decay(self.ages(now=now), half_life_days=half_life_days)

    def popularity(self, *, now: datetime, half_life_days: float) -> np.ndarray:
        """Return each item's decayed number of buyers."""
        weights = self.weights(now=now, half_life_days=half_life_days)
        return np.bincount(self.items, weights=weights, minlength=self.n_items)


def _category_paths() -> dict[str, list[str]]:
    """Return each category path's names from the root, in both languages."""
    names = {
        path: f"{zh or ''} {en or ''}"
        for path, zh, en in Category.objects.values_list("path", "name_zh_hans", "name_en")
    }
    steplen = Category.steplen
    return {
        path: [names[path[:end]] for end in range(steplen, len(path) + 1, steplen)]
        for path in names
    }


def _ancestry(path: str) -> list[str]:
    steplen = Category.steplen
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def catalogue_load() -> Catalogue:
    """Load the active products with what the content model and search need."""
    paths = _category_paths()
    catalogue = Catalogue()
    products = (
        Product.objects.filter(is_active=True)
        .select_related("brand", "category")
        .prefetch_related("attributes")
        .order_by("id")
    )
    for product in products.iterator(chunk_size=2000):
        trail = paths.get(product.category.path, [])
        brand = product.brand
        brand_text = f"{brand.name_zh_hans or ''} {brand.name_en or ''}" if brand else ""
        values = [
            f"{value.value_zh_hans or ''} {value.value_en or ''}"
            for value in product.attributes.all()
        ]
        title = f"{product.name_zh_hans or ''} {product.name_en or ''}"
        catalogue.ids.append(product.pk)
        catalogue.categories.append(product.category_id)
        catalogue.ratings.append(float(product.rating or 0))
        catalogue.descriptions.append(
            Description(
                categories=_ancestry(product.category.path),
                brand=str(product.brand_id or ""),
                attributes=[str(value.pk) for value in product.attributes.all()],
                words=segment(title),
            )
        )
        catalogue.search_texts.append(
            document_text(
                title,
                brand_text,
                *trail,
                *values,
                product.description_zh_hans or "",
                product.description_en or "",
            )
        )
    return catalogue


def purchases_load(*, catalogue: Catalogue) -> Purchases:
    """Load the paid order lines of catalogue products; a guest order counts as its own user."""
    index = catalogue.index
    rows = OrderLine.objects.filter(
        order__status__in=SOLD_STATES, product_id__in=index.keys()
    ).values_list("order__user_id", "order_id", "product_id", "quantity", "order__placed_at")
    users: dict[tuple[str, int], int] = {}
    columns: tuple[list, list, list, list] = ([], [], [], [])
    for user_id, order_id, product_id, quantity, placed_at in rows.iterator(chunk_size=5000):
        key = ("u", user_id) if user_id is not None else ("o", order_id)
        columns[0].append(users.setdefault(key, len(users)))
        columns[1].append(index[product_id])
        columns[2].append(quantity)
        columns[3].append(placed_at.timestamp())
    return Purchases(
        users=np.asarray(columns[0], dtype=np.int32),
        items=np.asarray(columns[1], dtype=np.int32),
        quantities=np.asarray(columns[2], dtype=np.float32),
        times=np.asarray(columns[3], dtype=np.float64),
        n_users=len(users),
        n_items=len(catalogue.ids),
    )


def _review_counts(index: dict[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Return review means and counts from the reviews app, when it is installed."""
    if not apps.is_installed("reviews"):
        return None
    summary = apps.get_model("reviews", "ProductRating")
    means, counts = np.zeros(len(index)), np.zeros(len(index))
    for product_id, average, count in summary.objects.values_list("product_id", "average", "count"):
        if product_id in index:
            means[index[product_id]], counts[index[product_id]] = float(average), count
    return means, counts


def rank_signals(catalogue: Catalogue, purchases: Purchases, *, now: datetime) -> dict:
    """Return the raw per-product signals of the default sort."""
    index = catalogue.index
    units = purchases.quantities * purchases.weights(
        now=now, half_life_days=VELOCITY_HALF_LIFE_DAYS
    )
    velocity = np.bincount(purchases.items, weights=units, minlength=len(index))
    available = np.zeros(len(index), dtype=bool)
    stock = (
        Stock.objects.filter(sku__is_active=True, sku__product_id__in=index.keys())
        .values("sku__product_id")
        .annotate(units=Sum(F("on_hand") - F("reserved")))
        .values_list("sku__product_id", "units")
    )
    for product_id, units_left in stock:
        available[index[product_id]] = (units_left or 0) > 0
    reviews = _review_counts(index)
    if reviews is None:
        # Only the mean is known without the reviews app: each rated product counts once.
        means = np.asarray(catalogue.ratings)
        reviews = (means, (means > 0).astype(np.float64))
    return {
        "velocity": velocity,
        "rating_means": reviews[0],
        "rating_counts": reviews[1],
        # Product views are not recorded, so conversion has no data; its weight stays 0.
        "conversion": np.zeros(len(index)),
        "available": available,
    }
