"""Forecast and policy maths on synthetic series: no database."""

import math

import numpy as np
import pytest

from inventory import forecast as fc
from inventory import policy

WEEK = np.array([4.0, 4.0, 4.0, 4.0, 6.0, 12.0, 12.0])


def weekly(rows: int = 3, days: int = 364, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.poisson(np.tile(WEEK, days // 7)[None, :].repeat(rows, axis=0)).astype(float)


def test_a_weekly_pattern_is_recovered():
    result = fc.forecast(weekly(), horizon=14)

    assert (result.method == fc.HW).all()
    # 364 days of history: the next day is slot 0 of the pattern again.
    expected = np.tile(WEEK, 2)
    assert np.abs(result.daily - expected).max() < 2.0
    assert np.corrcoef(result.daily[0], expected)[0, 1] > 0.95
    assert (result.sigma > 1).all()
    assert (result.sigma < 4).all()


def test_an_intermittent_series_uses_croston_with_its_mean_rate():
    rng = np.random.default_rng(2)
    sales = (rng.random((2, 365)) < 0.1) * 3.0

    result = fc.forecast(sales, horizon=5)

    assert (result.method == fc.CROSTON).all()
    # SBA: about 0.3 units a day, shrunk by 1 - alpha / 2.
    assert np.allclose(result.daily, result.daily[:, :1])
    assert 0.18 < result.daily[0, 0] < 0.42
    assert np.allclose(result.size, 3.0)


def test_censored_days_do_not_read_as_zero_demand():
    history = weekly(rows=1)
    censored = history.copy()
    # Out of stock for the last ten days: nothing sold, but not for want of buyers.
    censored[0, -10:] = np.nan
    zeroed = history.copy()
    zeroed[0, -10:] = 0

    kept = fc.forecast(censored, horizon=7).daily.mean()
    dragged = fc.forecast(zeroed, horizon=7).daily.mean()

    assert abs(kept - WEEK.mean()) < 1.0
    assert dragged < WEEK.mean() - 2


def test_a_sku_listed_days_ago_is_young_and_blends_with_the_launch_rate():
    history = weekly(rows=4)
    young = np.full((1, history.shape[1]), np.nan)
    young[0, -5:] = 20.0

    result = fc.forecast(np.vstack([history, young]), horizon=3)

    assert result.method[-1] == fc.YOUNG
    assert WEEK.mean() < result.daily[-1, 0] < 20.0


def test_the_cost_per_sku_does_not_depend_on_the_batch():
    one = fc.forecast(weekly(rows=1), horizon=7)
    many = fc.forecast(weekly(rows=50), horizon=7)

    assert np.allclose(one.daily[0], many.daily[0])


def test_too_short_a_history_is_refused():
    with pytest.raises(ValueError, match="at least"):
        fc.forecast(np.zeros((2, 5)), horizon=3)


def test_the_normal_functions_match_the_library():
    z = np.linspace(-3, 3, 13)
    exact = [0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z]
    assert np.allclose(policy.normal_cdf(z), exact, atol=1e-6)
    assert policy.normal_loss(np.array([0.0]))[0] == pytest.approx(0.398942, abs=1e-5)


def test_the_safety_factor_gives_the_allowed_shortfall():
    sigma = np.array([2.0, 5.0, 10.0])
    allowed = np.array([0.1, 0.5, 1.0])

    k = policy.safety_factor(allowed, sigma)

    assert np.allclose(sigma * policy.normal_loss(k), allowed, rtol=1e-4)


@pytest.mark.parametrize(
    ("wanted", "pack", "moq", "expected"),
    [(0, 6, 12, 0), (1, 1, 1, 1), (7, 6, 1, 12), (3, 6, 12, 12), (13, 6, 12, 18), (5.2, 1, 2, 6)],
)
def test_orders_round_up_to_packs_and_at_least_the_moq(wanted, pack, moq, expected):
    got = policy.round_order(np.array([wanted]), pack=np.array([pack]), moq=np.array([moq]))
    assert got.tolist() == [expected]


def levels(fill_rate: float, **overrides) -> policy.Policy:
    args = {
        "daily": np.array([10.0]),
        "sigma": np.array([3.0]),
        "lead_time": np.array([5.0]),
        "lead_spread": np.array([1.0]),
        "fill_rate": fill_rate,
        "cover_days": 7,
        "pack": np.array([1]),
        "moq": np.array([1]),
    }
    return policy.plan(**{**args, **overrides})


def test_a_higher_service_level_or_a_longer_lead_time_keeps_more_stock():
    base = levels(0.95)

    assert levels(0.99).reorder_point[0] > base.reorder_point[0]
    assert levels(0.95, lead_time=np.array([10.0])).reorder_point[0] > base.reorder_point[0]
    assert levels(0.95, lead_spread=np.array([3.0])).safety_stock[0] > base.safety_stock[0]
    # Six days of demand, plus safety stock, then a week on top.
    assert base.reorder_point[0] > 60
    assert base.order_up_to[0] == base.reorder_point[0] + 70


def test_an_order_is_placed_only_at_or_below_the_reorder_point():
    plan = policy.Policy(np.array([10, 10, 10]), np.array([30, 30, 30]), np.zeros(3))

    got = policy.order_quantity(
        policy=plan, position=np.array([11, 10, -2]), pack=np.array([6, 6, 1]), moq=np.ones(3)
    )

    assert got.tolist() == [0, 24, 32]


def test_a_slow_mover_keeps_one_typical_sale_at_its_reorder_point():
    slow = levels(0.95, daily=np.array([0.02]), sigma=np.array([0.2]), sale_size=np.array([3.0]))
    assert slow.reorder_point[0] == 3
