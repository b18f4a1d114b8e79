"""Rebuild the stored recommendations, rankings and search documents; remember views."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from shop.pagecache import pages_changed

from . import data
from .content import content_neighbours
from .models import Neighbour, ProductRank, SearchDocument, Source
from .ranking import ranking_scores
from .similarity import Neighbours, copurchase, interaction_matrix

NEIGHBOURS = 20
# Chosen by evaluate_recommendations on the demo year (docs/recommend.md): a purchase
# counts half after 60 days; alpha 0.3 damps a best seller as a neighbour without burying
# it; BM25 damps shoppers who buy everything.
HALF_LIFE_DAYS = 60.0
ALPHA = 0.3
WEIGHTING = "bm25"
# Content and popularity only fill a list after co-purchase: their scores are scaled
# below co-purchase's usual range so that summing over several seeds keeps that order.
CONTENT_FACTOR = 0.2
POPULAR_FACTOR = 0.05
VIEWED_SESSION_KEY = "recommend_viewed"
VIEWED_MAX = 20
WRITE_BATCH = 2000

STEPS = ("load", "co-purchase", "content", "popularity", "ranking", "search", "write")


@dataclass(frozen=True)
class Summary:
    products: int
    orders: int
    neighbours: int
    copurchase: int
    content: int
    popular: int

    def __str__(self) -> str:
        return (
            f"Rebuilt {self.neighbours:,} recommendations for {self.products:,} products "
            f"from {self.orders:,} purchases ({self.copurchase:,} bought together, "
            f"{self.content:,} similar, {self.popular:,} popular)."
        )


def copurchase_model(purchases: data.Purchases, *, now: datetime, k: int) -> Neighbours:
    """Build the user × item matrix with time decay and return each item's neighbours."""
    matrix = interaction_matrix(
        purchases.users,
        purchases.items,
        purchases.weights(now=now, half_life_days=HALF_LIFE_DAYS),
        shape=(purchases.n_users, purchases.n_items),
    )
    return copurchase(matrix, k=k, alpha=ALPHA, weighting=WEIGHTING)


def _merged(
    catalogue: data.Catalogue, lists: dict[str, Neighbours], popular: np.ndarray
) -> list[Neighbour]:
    """Fill each product's list: co-purchase first, then content, then its category's best."""
    rows = []
    by_category = catalogue.popular_by_category(popular, limit=NEIGHBOURS + 1)
    factors = {Source.COPURCHASE: 1.0, Source.CONTENT: CONTENT_FACTOR}
    top = float(popular.max()) if len(popular) and popular.max() > 0 else 1.0
    for index, product_id in enumerate(catalogue.ids):
        taken: dict[int, tuple[float, str]] = {}
        for source, model in lists.items():
            for other, score in model.of(index):
                if len(taken) < NEIGHBOURS:
                    taken.setdefault(other, (score * factors[source], source))
        for other in by_category.get(catalogue.categories[index], []):
            if len(taken) < NEIGHBOURS and other != index:
                taken.setdefault(other, (POPULAR_FACTOR * popular[other] / top, Source.POPULAR))
        rows.extend(
            Neighbour(
                product_id=product_id,
                neighbour_id=catalogue.ids[other],
                score=score,
                rank=rank,
                source=source,
            )
            for rank, (other, (score, source)) in enumerate(taken.items(), start=1)
        )
    return rows


def _rankings(catalogue: data.Catalogue, purchases: data.Purchases, now: datetime) -> list:
    signals = data.rank_signals(catalogue, purchases, now=now)
    computed = ranking_scores(**signals, weights=settings.RANKING_WEIGHTS)
    return [
        ProductRank(
            product_id=product_id,
            score=float(computed["score"][index]),
            velocity=float(computed["velocity"][index]),
            rating=float(computed["rating"][index]),
            conversion=float(computed["conversion"][index]),
            available=bool(signals["available"][index]),
            computed_at=now,
        )
        for index, product_id in enumerate(catalogue.ids)
    ]


def recommendations_rebuild(
    *, now: datetime, step: Callable[[str], None] = lambda name: None
) -> Summary:
    """Recompute every product's neighbours, ranking and search words, then swap them in."""
    step("load")
    catalogue = data.catalogue_load()
    purchases = data.purchases_load(catalogue=catalogue)
    step("co-purchase")
    lists = {Source.COPURCHASE: copurchase_model(purchases, now=now, k=NEIGHBOURS)}
    step("content")
    lists[Source.CONTENT] = content_neighbours(catalogue.descriptions, k=NEIGHBOURS)
    step("popularity")
    popular = purchases.popularity(now=now, half_life_days=HALF_LIFE_DAYS)
    neighbours = _merged(catalogue, lists, popular)
    step("ranking")
    rankings = _rankings(catalogue, purchases, now)
    step("search")
    documents = [
        SearchDocument(product_id=product_id, text=text)
        for product_id, text in zip(catalogue.ids, catalogue.search_texts, strict=True)
    ]
    step("write")
    _write(neighbours=neighbours, rankings=rankings, documents=documents)
    counts = {source: sum(1 for row in neighbours if row.source == source) for source in Source}
    return Summary(
        products=len(catalogue.ids),
        orders=len(purchases.items),
        neighbours=len(neighbours),
        copurchase=counts[Source.COPURCHASE],
        content=counts[Source.CONTENT],
        popular=counts[Source.POPULAR],
    )


@transaction.atomic
def _write(*, neighbours: list, rankings: list, documents: list) -> None:
    """Replace the stored rows in one transaction: pages see the old set or the new one."""
    for model, rows in (
        (Neighbour, neighbours),
        (ProductRank, rankings),
        (SearchDocument, documents),
    ):
        model.objects.all().delete()
        model.objects.bulk_create(rows, batch_size=WRITE_BATCH)
    # The ranking orders the listings guests are kept.
    pages_changed()


def viewed_remember(*, session: SessionBase, product_id: int) -> None:
    """Put a product first in the session's recently viewed list, which keeps VIEWED_MAX."""
    viewed = session.get(VIEWED_SESSION_KEY)
    viewed = [pk for pk in viewed if isinstance(pk, int)] if isinstance(viewed, list) else []
    if viewed[:1] == [product_id]:
        return  # unchanged: spare the session a write
    session[VIEWED_SESSION_KEY] = [product_id, *(pk for pk in viewed if pk != product_id)][
        :VIEWED_MAX
    ]
