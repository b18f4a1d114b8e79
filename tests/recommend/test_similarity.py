"""The pure models: co-purchase, content, popularity, ranking; no database."""

import numpy as np
import pytest

from recommend.content import Description, content_neighbours
from recommend.ranking import bayesian_rating, ranking_scores
from recommend.similarity import (
    copurchase,
    decay,
    interaction_matrix,
    rank_from_history,
    rank_popular,
    top_k_blocks,
)


def _matrix(baskets, n_items, weights=None):
    rows = np.array([row for row, basket in enumerate(baskets) for _ in basket])
    items = np.array([item for basket in baskets for item in basket])
    values = np.ones(len(items)) if weights is None else np.asarray(weights)
    return interaction_matrix(rows, items, values, shape=(len(baskets), n_items))


BASKETS = [[0, 1], [0, 1], [0, 1, 2], [2, 3], [2, 3], [3], [4, 0], [4]]


@pytest.mark.parametrize("weighting", ["cosine", "bm25"])
def test_copurchase_finds_items_bought_together(weighting):
    neighbours = copurchase(_matrix(BASKETS, 5), k=2, weighting=weighting)

    assert neighbours.of(1)[0][0] == 0
    assert neighbours.of(3)[0][0] == 2
    assert all(other != item for item in range(5) for other, _ in neighbours.of(item))


def test_copurchase_blocks_give_the_same_answer_as_one_block():
    rng = np.random.default_rng(1)
    baskets = [list(rng.choice(40, size=rng.integers(1, 5), replace=False)) for _ in range(300)]
    whole = copurchase(_matrix(baskets, 40), k=5, size=1024)
    blocked = copurchase(_matrix(baskets, 40), k=5, size=7)

    np.testing.assert_array_equal(whole.indices, blocked.indices)
    np.testing.assert_allclose(whole.scores, blocked.scores, rtol=1e-5)


def test_popularity_damping_lowers_a_best_seller():
    # Item 0 is in every basket; item 2 is only with item 1, twice.
    baskets = [[0, 1], [0, 1, 2], [0, 1, 2], [0], [0], [0], [0]]
    plain = dict(copurchase(_matrix(baskets, 3), k=2, alpha=0.5, shrink=0).of(1))
    damped = dict(copurchase(_matrix(baskets, 3), k=2, alpha=0.9, shrink=0).of(1))

    assert damped[0] / damped[2] < plain[0] / plain[2]


def test_time_decay_halves_per_half_life():
    np.testing.assert_allclose(
        decay(np.array([0.0, 30.0, 60.0]), half_life_days=30), [1, 0.5, 0.25]
    )


def test_items_with_no_partner_get_no_neighbours():
    neighbours = copurchase(_matrix([[0], [1]], 3), k=2)
    assert neighbours.of(0) == []
    assert neighbours.indices.shape == (3, 2)


def test_top_k_keeps_the_best_positive_entries():
    dense = np.array([[0, 3, 1, 0], [2, 0, 0, 5], [0, 0, 0, 0], [1, 1, 1, 0]], dtype=np.float32)
    result = top_k_blocks(lambda a, b: dense[a:b].copy(), n=4, k=2, size=3)

    assert result.of(0) == [(1, 3.0), (2, 1.0)]
    assert result.of(1) == [(3, 5.0), (0, 2.0)]
    assert result.of(2) == []


def test_rank_from_history_sums_and_excludes():
    neighbours = copurchase(_matrix(BASKETS, 5), k=3)
    ranked = rank_from_history(neighbours, np.array([1, 3]), n=3, exclude=np.array([1, 3]))

    assert set(ranked.tolist()) >= {0, 2}
    assert 1 not in ranked
    assert 3 not in ranked
    assert rank_popular(np.array([1.0, 5.0, 0.0, 3.0]), n=5).tolist() == [1, 3, 0]


def test_content_model_pairs_products_described_alike():
    products = [
        Description(categories=["01", "0101"], brand="7", words=["蓝牙", "耳机"]),
        Description(categories=["01", "0101"], brand="7", words=["无线", "耳机"]),
        Description(categories=["02", "0201"], brand="9", words=["绿茶"]),
    ]
    neighbours = content_neighbours(products, k=2)

    assert neighbours.of(0)[0][0] == 1
    assert all(other != 2 for other, _ in neighbours.of(0))


def test_bayesian_rating_shrinks_few_reviews_towards_the_mean():
    values = bayesian_rating(np.array([5.0, 4.0, 0.0]), np.array([1.0, 100.0, 0.0]), prior_weight=5)

    assert values[0] < 4.2  # one five-star review is not enough to lead
    assert values[1] == pytest.approx(4.0, abs=0.05)
    assert values[2] == pytest.approx(values[1], abs=0.05)  # unrated: the mean


def test_ranking_weights_order_products():
    signals = ranking_scores(
        velocity=np.array([10.0, 0.0, 0.0]),
        rating_means=np.array([0.0, 5.0, 0.0]),
        rating_counts=np.array([0.0, 50.0, 0.0]),
        conversion=np.zeros(3),
        available=np.array([True, True, False]),
        weights={"velocity": 1.0, "rating": 0.1, "availability": 0.1},
    )
    assert np.argsort(-signals["score"]).tolist() == [0, 1, 2]
