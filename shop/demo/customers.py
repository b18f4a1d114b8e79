"""Plan the demo customers and their address books, and write them."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from tqdm import tqdm

from accounts.models import Address

from .data.categories import ROOTS
from .data.people import (
    CITIES,
    ESTATES,
    FOREIGN_NAMES,
    FOREIGN_PLACES,
    GIVEN_NAME_CHARACTERS,
    MOBILE_PREFIXES,
    OFFICES,
    STREETS,
    SURNAMES,
    ForeignPlace,
)

USERNAME_PREFIX = "customer"
USERNAME_PATTERN = rf"^{USERNAME_PREFIX}[0-9]+$"
PASSWORD = "demo-password"
FOREIGN_SHARE = 0.03


@dataclass
class AddressPlan:
    recipient: str
    phone: str
    country: str
    province: str
    city: str
    district: str
    street: str
    postcode: str
    is_default: bool


@dataclass
class CustomerPlan:
    username: str
    first_name: str
    last_name: str
    phone: str
    date_joined: datetime
    # How often this customer orders, relative to the others.
    loyalty: float
    # Leaf categories this customer keeps coming back to.
    favourites: tuple[str, ...]
    addresses: list[AddressPlan] = field(default_factory=list)
    id: int = 0

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"

    @property
    def default_address(self) -> AddressPlan:
        return next(address for address in self.addresses if address.is_default)


def plan_customers(
    *, rng: random.Random, count: int, now: datetime, window_days: int
) -> list[CustomerPlan]:
    """Return customers sorted by the day they joined, the first one before the window opens."""
    people = [_plan_customer(rng, now, window_days) for _ in range(count)]
    people[0].date_joined = min(
        people[0].date_joined, now - timedelta(days=window_days + rng.randint(1, 300))
    )
    people.sort(key=lambda person: person.date_joined)
    width = max(3, len(str(count)))
    for number, person in enumerate(people, start=1):
        person.username = f"{USERNAME_PREFIX}{number:0{width}d}"
    return people


def _plan_customer(rng: random.Random, now: datetime, window_days: int) -> CustomerPlan:
    # Most customers were already there a year ago; the rest joined during the year.
    days_ago = (
        rng.uniform(window_days, 2 * window_days)
        if rng.random() < 0.7
        else rng.uniform(20, window_days)
    )
    place = rng.choice(FOREIGN_PLACES) if rng.random() < FOREIGN_SHARE else None
    if place:
        first_name, last_name = rng.choice(FOREIGN_NAMES)
        full_name, phone = f"{first_name} {last_name}", _foreign_phone(place, rng)
    else:
        last_name, first_name = _surname(rng), _given_name(rng)
        full_name, phone = last_name + first_name, _mobile(rng)
    person = CustomerPlan(
        username="",
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        date_joined=now - timedelta(days=days_ago),
        loyalty=rng.lognormvariate(0, 0.8),
        favourites=_favourites(rng),
    )
    for index in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
        address = _foreign_address(place, rng) if place else _address(rng)
        address.recipient, address.phone, address.is_default = full_name, phone, index == 0
        # Further addresses are often for family or colleagues.
        if index and not place and rng.random() < 0.5:
            address.recipient, address.phone = _surname(rng) + _given_name(rng), _mobile(rng)
        person.addresses.append(address)
    return person


def _favourites(rng: random.Random) -> tuple[str, ...]:
    roots = rng.sample(ROOTS, 2)
    return tuple(leaf.slug for root in roots for leaf in root.leaves)


def _surname(rng: random.Random) -> str:
    # Common surnames are far more common: weight by rank.
    return rng.choices(SURNAMES, [1 / (rank + 3) for rank in range(len(SURNAMES))])[0]


def _given_name(rng: random.Random) -> str:
    length = 2 if rng.random() < 0.7 else 1
    return "".join(rng.choices(GIVEN_NAME_CHARACTERS, k=length))


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _foreign_phone(place: ForeignPlace, rng: random.Random) -> str:
    return place.phone.format(d=f"{rng.randrange(10**4):04d}")


def _address(rng: random.Random) -> AddressPlan:
    city = rng.choices(CITIES, [city.weight for city in CITIES])[0]
    road = f"{rng.choice(STREETS)}{rng.randint(1, 999)}号"
    if rng.random() < 0.75:
        building = f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元"
        street = f"{road}{building}{rng.randint(1, 32)}{rng.randint(1, 6):02d}室"
    else:
        street = f"{road}{rng.choice(OFFICES)}{rng.randint(1, 12)}号楼{rng.randint(1, 28)}层"
    return AddressPlan(
        recipient="",
        phone="",
        country="CN",
        province=city.province,
        city=city.city,
        district=rng.choice(city.districts),
        street=street,
        postcode=f"{city.postcode}{rng.randint(0, 99):02d}",
        is_default=False,
    )


def _foreign_address(place: ForeignPlace, rng: random.Random) -> AddressPlan:
    return AddressPlan(
        recipient="",
        phone="",
        country=place.country,
        province=place.state,
        city=place.city,
        district=place.district,
        street=place.street.format(n=rng.randint(1, 480), a=rng.randint(1, 24)),
        postcode=place.postcode,
        is_default=False,
    )


def write_customers(
    *, customers: list[CustomerPlan], password_hash: str, batch_size: int, progress: tqdm
) -> int:
    """Insert the customers and their addresses; return how many addresses were written."""
    user_model = get_user_model()
    users = [
        user_model(
            username=person.username,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            phone=person.phone,
            password=password_hash,
            date_joined=person.date_joined,
        )
        for person in customers
    ]
    for start in range(0, len(users), batch_size):
        chunk = users[start : start + batch_size]
        user_model.objects.bulk_create(chunk)
        progress.update(len(chunk))
    addresses = []
    for person, user in zip(customers, users, strict=True):
        person.id = user.pk
        addresses += [Address(user_id=user.pk, **vars(plan)) for plan in person.addresses]
    Address.objects.bulk_create(addresses, batch_size=batch_size)
    return len(addresses)
