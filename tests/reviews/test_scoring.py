from decimal import Decimal

import pytest

from reviews import scoring
from reviews.moderation import hold_reason


def test_wilson_lower_bound_prefers_many_votes_over_one():
    assert scoring.wilson_lower_bound(80, 100) > scoring.wilson_lower_bound(1, 1)
    assert scoring.wilson_lower_bound(0, 0) == 0.0
    assert 0 < scoring.wilson_lower_bound(1, 1) < 1


def test_wilson_lower_bound_known_value():
    # 8 of 10 at 95%: the textbook value is 0.4902.
    assert scoring.wilson_lower_bound(8, 10) == pytest.approx(0.4902, abs=1e-4)


def test_bayesian_average_shrinks_few_reviews_towards_the_prior():
    one_perfect = scoring.bayesian_average(
        total=5, count=1, prior_mean=Decimal("3.5"), prior_weight=5
    )
    many_good = scoring.bayesian_average(
        total=4 * 50 + 5 * 50, count=100, prior_mean=Decimal("3.5"), prior_weight=5
    )
    assert one_perfect == Decimal("3.75")
    assert many_good > one_perfect
    assert scoring.bayesian_average(
        total=0, count=0, prior_mean=Decimal("4"), prior_weight=5
    ) == Decimal("4.00")


def test_mean_rating():
    assert scoring.mean_rating({5: 2, 4: 1}) == Decimal("4.67")
    assert scoring.mean_rating({}) == Decimal("0.00")


@pytest.mark.parametrize(
    "text",
    ["see http://spam.example", "go to www.spam.cn", "buy at cheap-shop.com now", "加微信 12345"],
)
def test_links_and_banned_words_are_held(text):
    assert hold_reason([text], banned_words=["加微信"])


def test_plain_text_is_not_held():
    assert hold_reason(["很好用，推荐。 Works well."], banned_words=["加微信"]) == ""
