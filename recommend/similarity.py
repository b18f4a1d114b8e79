"""Item-to-item similarity on sparse matrices: numpy and scipy only, no database.

Rows of an interaction matrix are shoppers (or orders), columns are products, values are
the purchases weighted by their age. Similarities are computed a block of products at a
time and cut to the top k at once, so memory stays bounded by the block, not by the
products squared.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

BLOCK = 1024
LN2 = float(np.log(2.0))


@dataclass(frozen=True)
class Neighbours:
    """Each item's top k neighbours: indices (-1 where there are fewer) and their scores."""

    indices: np.ndarray  # int32, items × k
    scores: np.ndarray  # float32, items × k, best first

    @property
    def k(self) -> int:
        return int(self.indices.shape[1])

    def of(self, item: int) -> list[tuple[int, float]]:
        """Return one item's neighbours as (index, score), best first."""
        keep = self.indices[item] >= 0
        return list(
            zip(self.indices[item][keep].tolist(), self.scores[item][keep].tolist(), strict=True)
        )


def decay(ages_days: np.ndarray, *, half_life_days: float) -> np.ndarray:
    """Weigh each event by its age: 1 today, 1/2 after one half-life, 1/4 after two."""
    return np.exp(-LN2 * np.maximum(ages_days, 0.0) / half_life_days).astype(np.float32)


def interaction_matrix(
    rows: np.ndarray, items: np.ndarray, weights: np.ndarray, *, shape: tuple[int, int]
) -> sparse.csr_matrix:
    """Build the rows × items matrix; repeated purchases of one item add up."""
    matrix = sparse.coo_matrix(
        (weights.astype(np.float32), (rows.astype(np.int32), items.astype(np.int32))),
        shape=shape,
    ).tocsr()
    matrix.sum_duplicates()
    return matrix


def bm25(matrix: sparse.csr_matrix, *, k1: float = 1.2, b: float = 0.75) -> sparse.csr_matrix:
    """Weigh a rows × items matrix as BM25 does documents × terms.

    A shopper who buys everything says little about any pair, and a product everyone buys
    says little about a shopper: idf damps the second, the length norm the first.
    """
    matrix = matrix.tocsr(copy=True).astype(np.float32)
    rows = matrix.shape[0]
    buyers = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log1p(rows / (1.0 + buyers)).astype(np.float32)
    lengths = np.diff(matrix.indptr).astype(np.float32)
    norm = (1.0 - b) + b * lengths / max(float(lengths.mean()), 1e-9)
    row_of = np.repeat(np.arange(rows), np.diff(matrix.indptr))
    tf = matrix.data
    matrix.data = tf * (k1 + 1.0) / (tf + k1 * norm[row_of]) * idf[matrix.indices]
    return matrix


def top_k_blocks(
    block: Callable[[int, int], np.ndarray], *, n: int, k: int, size: int = BLOCK
) -> Neighbours:
    """Cut each row of a similarity computed block by block to its k best positive entries."""
    k = max(1, min(k, n - 1)) if n > 1 else 1
    indices = np.full((n, k), -1, dtype=np.int32)
    scores = np.zeros((n, k), dtype=np.float32)
    for start in range(0, n, size):
        stop = min(start + size, n)
        dense = block(start, stop)
        dense[np.arange(stop - start), np.arange(start, stop)] = 0.0  # never oneself
        if k < n:
            best = np.argpartition(-dense, k - 1, axis=1)[:, :k]
        else:
            best = np.tile(np.arange(n), (stop - start, 1))[:, :k]
        values = np.take_along_axis(dense, best, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        best = np.take_along_axis(best, order, axis=1)
        values = np.take_along_axis(values, order, axis=1)
        positive = values > 0
        indices[start:stop] = np.where(positive, best, -1)
        scores[start:stop] = np.where(positive, values, 0.0)
    return Neighbours(indices=indices, scores=scores)


def copurchase(
    matrix: sparse.csr_matrix,
    *,
    k: int,
    alpha: float = 0.5,
    shrink: float = 1.0,
    weighting: str = "cosine",
    size: int = BLOCK,
) -> Neighbours:
    """Return each item's top k co-purchased items.

    sim(i, j) = C_ij / (|i|^(2(1-alpha)) · |j|^(2 alpha) + shrink), C = Xᵀ X: alpha = 0.5 is
    the cosine; a larger alpha damps popular neighbours, which would otherwise top every list;
    shrink keeps items bought once or twice from scoring 1.0 on a coincidence.
    """
    if weighting == "bm25":
        matrix = bm25(matrix)
    elif weighting != "cosine":
        raise ValueError(f"unknown weighting: {weighting}")
    matrix = matrix.tocsr().astype(np.float32)
    transposed = matrix.T.tocsr()
    squared = np.asarray(matrix.multiply(matrix).sum(axis=0)).ravel().astype(np.float32)
    left = np.power(squared, 1.0 - alpha)
    right = np.power(squared, alpha)

    def block(start: int, stop: int) -> np.ndarray:
        counts = (transposed[start:stop] @ matrix).toarray()
        return counts / (left[start:stop, None] * right[None, :] + shrink)

    return top_k_blocks(block, n=matrix.shape[1], k=k, size=size)


def cosine(features: sparse.csr_matrix, *, k: int, size: int = BLOCK) -> Neighbours:
    """Return each row's top k rows by the cosine of their feature vectors."""
    features = features.tocsr().astype(np.float32)
    norms = np.sqrt(np.asarray(features.multiply(features).sum(axis=1)).ravel())
    features = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ features
    transposed = features.T.tocsc()

    def block(start: int, stop: int) -> np.ndarray:
        return (features[start:stop] @ transposed).toarray()

    return top_k_blocks(block, n=features.shape[0], k=k, size=size)


def popularity(matrix: sparse.csr_matrix) -> np.ndarray:
    """Return each item's weighted purchases: the column sums of the interaction matrix."""
    return np.asarray(matrix.sum(axis=0)).ravel()


def rank_from_history(
    neighbours: Neighbours,
    history: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    n: int,
    exclude: np.ndarray | None = None,
) -> np.ndarray:
    """Rank items for someone who bought `history`: the summed scores of its neighbours."""
    if len(history) == 0:
        return np.empty(0, dtype=np.int32)
    found = neighbours.indices[history]
    values = neighbours.scores[history]
    if weights is not None:
        values = values * weights[:, None]
    keep = found >= 0
    candidates, inverse = np.unique(found[keep], return_inverse=True)
    totals = np.bincount(inverse, weights=values[keep], minlength=len(candidates))
    if exclude is not None and len(exclude):
        allowed = ~np.isin(candidates, exclude)
        candidates, totals = candidates[allowed], totals[allowed]
    order = np.argsort(-totals, kind="stable")[:n]
    return candidates[order].astype(np.int32)


def rank_popular(counts: np.ndarray, *, n: int, exclude: np.ndarray | None = None) -> np.ndarray:
    """Rank the most bought items, leaving out `exclude`."""
    order = np.argsort(-counts, kind="stable")
    order = order[counts[order] > 0]
    if exclude is not None and len(exclude):
        order = order[~np.isin(order, exclude)]
    return order[:n].astype(np.int32)
