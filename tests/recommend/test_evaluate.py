"""Offline metrics and splits; no database."""

import numpy as np
import pytest

from recommend.evaluate import (
    Log,
    coverage,
    evaluate,
    ndcg_at_k,
    recall_at_k,
    split_last,
    split_time,
)


def test_recall_and_ndcg():
    assert recall_at_k([1, 2, 3], {2, 9}, 2) == 0.5
    assert ndcg_at_k([2, 1], {2}, 10) == 1.0
    assert ndcg_at_k([1, 2], {2}, 10) == pytest.approx(1 / np.log2(3))
    assert recall_at_k([1], set(), 10) == 0.0
    assert coverage({1, 2}, 4) == 0.5


def _log():
    users = np.array([0, 0, 0, 1, 1, 2])
    items = np.array([0, 1, 2, 0, 3, 1])
    days = np.array([1.0, 2.0, 100.0, 3.0, 99.0, 4.0])
    return Log(users=users, items=items, days=days, n_users=3, n_items=4)


def test_time_split_holds_out_the_last_30_days_of_known_users():
    split = split_time(_log())
    assert split.relevant == {0: {2}, 1: {3}}
    assert len(split.train.items) == 4


def test_last_split_holds_out_each_users_last_item():
    split = split_last(_log())
    assert split.relevant == {0: {2}, 1: {3}}
    assert 2 in split.train.users.tolist()  # one item: nothing held out, kept for training


def test_evaluate_scores_a_perfect_and_a_useless_ranker():
    split = split_time(_log())
    answers = {0: [2], 1: [3]}

    def oracle(history, n):
        return answers[0] if 2 not in history and 1 in history else answers[1]

    scores = evaluate(split, {"oracle": oracle, "nothing": lambda h, n: []}, ks=(10, 20))
    by_name = {(s.model, s.k): s for s in scores}
    assert by_name["oracle", 10].recall == 1.0
    assert by_name["oracle", 10].ndcg == 1.0
    assert by_name["nothing", 20].recall == 0.0
    assert by_name["oracle", 10].users == 2
