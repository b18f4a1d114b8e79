"""When shoppers buy: weekly rhythm, shopping festivals, the Spring Festival lull, seasons."""

from datetime import date

# Chinese New Year's Day: couriers stop for about a week either side of it.
SPRING_FESTIVAL = {
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
}
# Monday first: weekends are the busiest days.
WEEKDAY = (0.92, 0.9, 0.93, 0.97, 1.08, 1.34, 1.28)
MONTH = {1: 0.95, 2: 0.85, 3: 1.0, 4: 1.0, 5: 1.02, 6: 1.05, 7: 1.12, 8: 1.12, 9: 1.0, 10: 1.0}
# Orders by local hour: a lunch bump and an evening peak.
HOURS = (
    0.55, 0.3, 0.15, 0.08, 0.06, 0.08, 0.2, 0.45, 0.7, 0.9, 1.0, 1.1,
    1.25, 1.05, 0.9, 0.9, 0.95, 1.0, 1.05, 1.3, 1.6, 1.85, 1.7, 1.1,
)  # fmt: skip
# On 11.11 the rush starts at midnight, when the deals open.
FESTIVAL_HOURS = (6.0, 3.0, 1.2, *HOURS[3:])
SEASONS = {
    "summer": {5: 1.3, 6: 1.9, 7: 2.0, 8: 1.8, 9: 1.2, 10: 0.8, 11: 0.6, 12: 0.45, 1: 0.4, 2: 0.5},
    "winter": {9: 0.7, 10: 1.3, 11: 1.8, 12: 2.0, 1: 2.0, 2: 1.5, 3: 0.9, 5: 0.5, 6: 0.3, 7: 0.25},
}


def is_sale_day(day: date) -> bool:
    """Tell whether the shop runs its big cross-store discount on this day."""
    return (
        (day.month == 11 and day.day <= 11)
        or (day.month == 6 and day.day <= 18)
        or (day.month == 12 and day.day == 12)
    )


def is_festival_peak(day: date) -> bool:
    return (day.month, day.day) in {(11, 11), (6, 18), (12, 12)}


def day_weight(day: date) -> float:
    """Return how busy a day is relative to an ordinary weekday."""
    weight = WEEKDAY[day.weekday()] * MONTH.get(day.month, 1.0)
    if day.month == 11:
        weight *= {11: 5.0, 12: 1.6, 13: 1.3}.get(day.day, 1.5 if day.day < 11 else 0.85)
    elif day.month == 6 and day.day <= 18:
        weight *= 3.2 if day.day == 18 else 1.35
    elif day.month == 12 and day.day == 12:
        weight *= 2.2
    elif day.month == 3 and day.day == 8:
        weight *= 1.6
    return weight * _spring_festival(day)


def _spring_festival(day: date) -> float:
    festival = SPRING_FESTIVAL.get(day.year)
    if festival is None:
        return 1.0
    offset = (day - festival).days
    if -25 <= offset < -10:
        return 1.25
    if -10 <= offset <= 6:
        return 0.4
    if 6 < offset <= 12:
        return 0.75
    return 1.0


def season_factor(season: str, month: int) -> float:
    """Return how much more a seasonal product sells in a month."""
    return SEASONS.get(season, {}).get(month, 1.0)
