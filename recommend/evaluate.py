"""Offline evaluation: splits, Recall@K, NDCG@K and catalogue coverage. No database.

An interaction log is three parallel arrays (user index, item index, time in days). A
split keeps the past for training and holds out what each user bought afterwards; a model
ranks items for every held-out user from their training history only, items they already
bought left out, and the metrics compare that ranking with what they really bought.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

TEST_DAYS = 30


@dataclass(frozen=True)
class Log:
    users: np.ndarray  # int32
    items: np.ndarray  # int32
    days: np.ndarray  # float64, days since any fixed origin
    n_users: int
    n_items: int

    def subset(self, mask: np.ndarray) -> "Log":
        return Log(
            users=self.users[mask],
            items=self.items[mask],
            days=self.days[mask],
            n_users=self.n_users,
            n_items=self.n_items,
        )


@dataclass(frozen=True)
class Split:
    train: Log
    # user index -> the items to find (bought in the test period, not before)
    relevant: dict[int, set[int]]


@dataclass(frozen=True)
class Score:
    model: str
    k: int
    recall: float
    ndcg: float
    coverage: float
    users: int


# A ranker gets a user's training items (oldest first) and how many items to return.
Ranker = Callable[[np.ndarray, int], np.ndarray]


def recall_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    """Return the share of the relevant items found in the first k."""
    if not relevant:
        return 0.0
    return len(set(list(ranked)[:k]) & relevant) / len(relevant)


def ndcg_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    """Return the discounted gain of the hits in the first k over the best possible."""
    if not relevant:
        return 0.0
    gain = sum(
        1.0 / np.log2(rank + 2) for rank, item in enumerate(list(ranked)[:k]) if item in relevant
    )
    ideal = sum(1.0 / np.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return float(gain / ideal)


def coverage(recommended: set[int], n_items: int) -> float:
    """Return the share of the catalogue that appears in at least one list."""
    return len(recommended) / n_items if n_items else 0.0


def _held_out(train: Log, test: Log) -> dict[int, set[int]]:
    seen: dict[int, set[int]] = {}
    for user, item in zip(train.users.tolist(), train.items.tolist(), strict=True):
        seen.setdefault(user, set()).add(item)
    relevant: dict[int, set[int]] = {}
    for user, item in zip(test.users.tolist(), test.items.tolist(), strict=True):
        if user in seen and item not in seen[user]:
            relevant.setdefault(user, set()).add(item)
    return relevant


def split_time(log: Log, *, test_days: float = TEST_DAYS) -> Split:
    """Train on all but the last test_days days; test on them, for users known before."""
    cutoff = float(log.days.max()) - test_days if len(log.days) else 0.0
    past = log.days <= cutoff
    train, test = log.subset(past), log.subset(~past)
    return Split(train=train, relevant=_held_out(train, test))


def split_last(log: Log) -> Split:
    """Hold out each user's last interaction (users with at least two)."""
    order = np.lexsort((log.days, log.users))
    users = log.users[order]
    last = np.ones(len(users), dtype=bool)
    last[:-1] = users[:-1] != users[1:]
    counts = np.bincount(users, minlength=log.n_users)
    last &= counts[users] >= 2
    held = np.zeros(len(users), dtype=bool)
    held[order] = last
    train, test = log.subset(~held), log.subset(held)
    return Split(train=train, relevant=_held_out(train, test))


def histories(log: Log) -> dict[int, np.ndarray]:
    """Return each user's items, oldest first."""
    order = np.lexsort((log.days, log.users))
    users, items = log.users[order], log.items[order]
    bounds = np.flatnonzero(np.diff(users)) + 1
    return {
        int(group_users[0]): group_items
        for group_users, group_items in zip(
            np.split(users, bounds), np.split(items, bounds), strict=True
        )
        if len(group_users)
    }


def evaluate(split: Split, rankers: dict[str, Ranker], *, ks: Sequence[int] = (10,)) -> list[Score]:
    """Score each ranker on the split's held-out users at each k."""
    past = histories(split.train)
    users = [user for user in sorted(split.relevant) if user in past]
    depth = max(ks)
    scores = []
    for name, ranker in rankers.items():
        lists = {user: list(ranker(past[user], depth)) for user in users}
        for k in ks:
            shown = {item for ranked in lists.values() for item in ranked[:k]}
            recall = [recall_at_k(lists[u], split.relevant[u], k) for u in users]
            ndcg = [ndcg_at_k(lists[u], split.relevant[u], k) for u in users]
            scores.append(
                Score(
                    model=name,
                    k=k,
                    recall=float(np.mean(recall)) if users else 0.0,
                    ndcg=float(np.mean(ndcg)) if users else 0.0,
                    coverage=coverage(shown, split.train.n_items),
                    users=len(users),
                )
            )
    return scores
