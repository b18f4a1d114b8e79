"""Build the evaluation's log and rankers: from the shop's orders or from a CSV file."""

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np

from . import data
from .content import content_neighbours
from .evaluate import Log, Ranker, Split
from .services import ALPHA, HALF_LIFE_DAYS, WEIGHTING
from .similarity import (
    Neighbours,
    copurchase,
    decay,
    interaction_matrix,
    rank_from_history,
    rank_popular,
)

DEPTH = 50
# A shopper's last purchases say more than the first: weight halves every 20 items back.
RECENCY_ITEMS = 20.0
DAY = 86400.0


class InteractionsError(ValueError):
    """The interactions file cannot be read; the message says why."""


def shop_log() -> tuple[Log, data.Catalogue]:
    """Return the paid purchases as a log, with the catalogue they index."""
    catalogue = data.catalogue_load()
    purchases = data.purchases_load(catalogue=catalogue)
    log = Log(
        users=purchases.users,
        items=purchases.items,
        days=purchases.times / DAY,
        n_users=purchases.n_users,
        n_items=purchases.n_items,
    )
    return log, catalogue


def _timestamp(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return datetime.fromisoformat(value).timestamp()


def csv_log(path: Path) -> Log:
    """Read user,item,timestamp rows (epoch seconds or ISO 8601) into a log."""
    users: dict[str, int] = {}
    items: dict[str, int] = {}
    columns: tuple[list, list, list] = ([], [], [])
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not {"user", "item", "timestamp"} <= set(reader.fieldnames or ()):
                raise InteractionsError(f"{path}: the header must name user, item and timestamp")
            for line, row in enumerate(reader, start=2):
                try:
                    when = _timestamp(row["timestamp"])
                except (TypeError, ValueError):
                    raise InteractionsError(f"{path}:{line}: bad timestamp") from None
                columns[0].append(users.setdefault(row["user"], len(users)))
                columns[1].append(items.setdefault(row["item"], len(items)))
                columns[2].append(when / DAY)
    except (OSError, UnicodeDecodeError) as error:
        raise InteractionsError(f"{path}: {error}") from None
    if not columns[0]:
        raise InteractionsError(f"{path}: no interactions")
    return Log(
        users=np.asarray(columns[0], dtype=np.int32),
        items=np.asarray(columns[1], dtype=np.int32),
        days=np.asarray(columns[2], dtype=np.float64),
        n_users=len(users),
        n_items=len(items),
    )


def _from_neighbours(neighbours: Neighbours, fill: np.ndarray | None = None) -> Ranker:
    def rank(history: np.ndarray, n: int) -> np.ndarray:
        recency = decay(np.arange(len(history))[::-1].astype(float), half_life_days=RECENCY_ITEMS)
        ranked = rank_from_history(neighbours, history, weights=recency, n=n, exclude=history)
        if fill is None or len(ranked) >= n:
            return ranked
        extra = rank_popular(fill, n=n, exclude=np.concatenate([history, ranked]))
        return np.concatenate([ranked, extra])[:n]

    return rank


def rankers(split: Split, catalogue: data.Catalogue | None) -> dict[str, Ranker]:
    """Return the models trained on the split: co-purchase, content (shop only), popularity."""
    train = split.train
    now_days = float(train.days.max()) if len(train.days) else 0.0
    weights = decay(now_days - train.days, half_life_days=HALF_LIFE_DAYS)
    matrix = interaction_matrix(
        train.users, train.items, weights, shape=(train.n_users, train.n_items)
    )
    counts = np.bincount(train.items, weights=weights, minlength=train.n_items)
    bought = copurchase(matrix, k=DEPTH, alpha=ALPHA, weighting=WEIGHTING)
    models: dict[str, Callable] = {"co-purchase": _from_neighbours(bought)}
    if catalogue is not None:
        models["content"] = _from_neighbours(content_neighbours(catalogue.descriptions, k=DEPTH))
    models["popularity"] = lambda history, n: rank_popular(counts, n=n, exclude=history)
    models["co-purchase + fallbacks"] = _from_neighbours(bought, fill=counts)
    return models
