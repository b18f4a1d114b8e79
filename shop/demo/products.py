"""Plan the demo catalogue in memory: names, prices, variants, tags, stock, popularity."""

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify

from .data import Term
from .data.attributes import MATERIAL, SCHEMES, VALUES
from .data.brands import BRANDS, BrandSpec
from .data.categories import LEAVES, ROOT_OF, Leaf, ProductType
from .numbers import apportion, ean13, log_uniform, nice_price, to_decimal

MATERIALS = {value.slug: value for value in MATERIAL.values}
MAX_SKUS = 6
# Zipf–Mandelbrot: the offset keeps the best seller at a few percent of all sales.
ZIPF_OFFSET, ZIPF_EXPONENT = 8.0, 1.05
FOOD_ROOTS = {"food", "baby"}
EMPTY = Term("", "")


@dataclass
class SkuPlan:
    code: str
    barcode: str
    price: int
    list_price: int | None
    options: tuple[tuple[str, str], ...]
    on_hand: int = 0
    id: int = 0

    @property
    def price_decimal(self) -> Decimal:
        return to_decimal(self.price)

    @property
    def list_price_decimal(self) -> Decimal | None:
        return None if self.list_price is None else to_decimal(self.list_price)


@dataclass
class ProductPlan:
    number: int
    leaf: str
    root: str
    type_index: int
    brand: str
    name: Term
    slug: str
    description: Term
    material: str | None
    season: str
    created_at: datetime
    popularity: float
    tags: list[str] = field(default_factory=list)
    skus: list[SkuPlan] = field(default_factory=list)
    id: int = 0

    @property
    def consumable(self) -> bool:
        return self.root in FOOD_ROOTS

    @property
    def colour(self) -> tuple[int, int, int] | None:
        """Return the first variant's colour, for the picture."""
        colours = [value for attribute, value in self.skus[0].options if attribute == "colour"]
        return VALUES[("colour", colours[0])].rgb if colours else None


def plan_products(*, rng: random.Random, count: int, now: datetime) -> list[ProductPlan]:
    """Return `count` products spread over the leaf categories by their share."""
    leaves = list(LEAVES.values())
    per_leaf = apportion(count, [leaf.share for leaf in leaves])
    barcodes = _BarcodeBook()
    plans: list[ProductPlan] = []
    for leaf, leaf_count in zip(leaves, per_leaf, strict=True):
        brands = [brand for brand in BRANDS if ROOT_OF[leaf.slug].slug in brand.roots]
        for words in _names(leaf, leaf_count, rng):
            plans.append(
                _plan_product(
                    rng=rng,
                    number=len(plans) + 1,
                    leaf=leaf,
                    words=words,
                    brand=rng.choice(brands),
                    now=now,
                    barcodes=barcodes,
                )
            )
    _rank_popularity(plans, rng)
    return plans


@dataclass(frozen=True)
class _Words:
    style: Term
    second: Term
    type_index: int
    material: str | None


def _names(leaf: Leaf, count: int, rng: random.Random) -> list[_Words]:
    """Pick distinct word combinations for a leaf, repeating only when they run out."""
    styles = [*leaf.styles] if leaf.naming != "goods" else [*leaf.styles, EMPTY]
    combos = []
    for index, kind in enumerate(leaf.types):
        seconds: list[tuple[Term, str | None]]
        if kind.materials:
            seconds = [(_material_term(slug), slug) for slug in kind.materials]
        else:
            seconds = [(feature, None) for feature in leaf.features] or [(EMPTY, None)]
        for style, (second, material) in itertools.product(styles, seconds):
            combos.append(_Words(style, second, index, material))
    rng.shuffle(combos)
    return [combos[i % len(combos)] for i in range(count)]


def _material_term(slug: str) -> Term:
    value = MATERIALS[slug]
    return Term(value.zh, value.en)


def _compose(leaf: Leaf, kind: ProductType, words: _Words) -> Term:
    style, second = words.style, words.second
    if leaf.naming == "novel":
        return Term(
            f"《{style.zh}{second.zh}》{kind.name.zh}版",
            f"The {style.en} {second.en} ({kind.name.en})",
        )
    if leaf.naming == "picture":
        return Term(
            f"《{style.zh}的{second.zh}》{kind.name.zh}",
            f"{style.en}'s {second.en} ({kind.name.en})",
        )
    parts = [term for term in (style, second, kind.name) if term.zh]
    return Term("".join(term.zh for term in parts), " ".join(term.en for term in parts))


def _plan_product(
    *,
    rng: random.Random,
    number: int,
    leaf: Leaf,
    words: _Words,
    brand: BrandSpec,
    now: datetime,
    barcodes: "_BarcodeBook",
) -> ProductPlan:
    kind = leaf.types[words.type_index]
    name = _compose(leaf, kind, words)
    age = rng.uniform(0, 90) if rng.random() < 0.1 else rng.uniform(90, 730)
    plan = ProductPlan(
        number=number,
        leaf=leaf.slug,
        root=ROOT_OF[leaf.slug].slug,
        type_index=words.type_index,
        brand=brand.slug,
        name=name,
        slug=f"{slugify(name.en)[:200]}-{number:04d}",
        description=_describe(leaf, words.material, brand, rng),
        material=words.material,
        season=kind.season,
        created_at=now - timedelta(days=age),
        popularity=leaf.demand,
    )
    plan.skus = _plan_skus(rng=rng, kind=kind, number=number, brand=brand, barcodes=barcodes)
    plan.tags = _tags(plan, leaf, age, rng)
    return plan


def _describe(leaf: Leaf, material: str | None, brand: BrandSpec, rng: random.Random) -> Term:
    pitches = rng.sample(leaf.pitches, 2)
    zh = [pitch.zh for pitch in pitches]
    en = [pitch.en for pitch in pitches]
    if material:
        value = MATERIALS[material]
        zh.append(f"材质：{value.zh}。")
        en.append(f"Material: {value.en.lower()}.")
    zh.append(f"{brand.name.zh}出品，专注{brand.focus.zh}。")
    en.append(f"By {brand.name.en}, makers of {brand.focus.en}.")
    return Term("".join(zh), " ".join(en))


def _plan_skus(
    *,
    rng: random.Random,
    kind: ProductType,
    number: int,
    brand: BrandSpec,
    barcodes: "_BarcodeBook",
) -> list[SkuPlan]:
    base = log_uniform(*kind.price, rng)
    markup = rng.uniform(1.15, 1.6) if rng.random() < 0.35 else None
    charm = rng.random() < 0.6
    axes = _choose_axes(kind.scheme, rng)
    # The type's price band is for the smallest variant on offer; bigger ones cost more.
    floors = [min(VALUES[option].factor for option in axis) for axis in axes]
    skus = []
    for options in itertools.product(*axes):
        values = [VALUES[option] for option in options]
        factor = math.prod(v.factor / floor for v, floor in zip(values, floors, strict=True))
        price = nice_price(base * factor, charm=charm)
        list_price = nice_price(price * markup / 100, charm=charm) if markup else None
        skus.append(
            SkuPlan(
                code="-".join([kind.code, f"{number:04d}", *(value.code for value in values)]),
                barcode=barcodes.next(brand.slug),
                price=price,
                list_price=list_price if list_price and list_price > price else None,
                options=options,
                on_hand=_on_hand(rng),
            )
        )
    return skus


def _choose_axes(scheme: str, rng: random.Random) -> list[list[tuple[str, str]]]:
    """Choose option values along each axis, keeping the combinations to six or fewer."""
    room = MAX_SKUS
    axes: list[list[tuple[str, str]]] = []
    for axis in SCHEMES[scheme]:
        size = rng.randint(1, min(axis.most, room))
        if axis.ordered:
            start = rng.randint(0, len(axis.values) - size)
            chosen = list(axis.values[start : start + size])
        else:
            chosen = rng.sample(axis.values, size)
        axes.append([(axis.attribute, value) for value in chosen])
        room //= size
    return axes


def _on_hand(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.06:
        return 0
    if roll < 0.15:
        return rng.randint(1, settings.LOW_STOCK_THRESHOLD)
    return min(500, int(rng.lognormvariate(4.0, 0.8)) + settings.LOW_STOCK_THRESHOLD + 1)


def _tags(plan: ProductPlan, leaf: Leaf, age_days: float, rng: random.Random) -> list[str]:
    tags = [plan.season] if plan.season else []
    if age_days < 45:
        tags.append("new")
    elif age_days > 365 and rng.random() < 0.06:
        tags.append("clearance")
    if rng.random() < leaf.gift:
        tags.append("gift")
    if plan.root == "food" and rng.random() < 0.2:
        tags.append("organic")
    if rng.random() < 0.08:
        tags.append("imported")
    if rng.random() < 0.03:
        tags.append("limited")
    if plan.material == "bamboo" or (plan.root in {"home", "baby"} and rng.random() < 0.08):
        tags.append("eco")
    return tags


def _rank_popularity(plans: list[ProductPlan], rng: random.Random) -> None:
    """Give products Zipf-like weights in a random order and tag the few most wanted."""
    order = list(range(len(plans)))
    rng.shuffle(order)
    for rank, index in enumerate(order, start=1):
        plans[index].popularity *= 1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT
    wanted = sorted(plans, key=lambda plan: (-plan.popularity, plan.number))
    for plan in wanted[: max(1, len(plans) // 25)]:
        plan.tags.append("bestseller")


class _BarcodeBook:
    """Hand out EAN-13s under China's 69 prefix, one company number per brand."""

    def __init__(self) -> None:
        self._company = {brand.slug: 31000 + 37 * index for index, brand in enumerate(BRANDS)}
        self._issued: dict[str, int] = {}

    def next(self, brand: str) -> str:
        item = self._issued.get(brand, 0) + 1
        self._issued[brand] = item
        return ean13(f"69{self._company[brand]:05d}{item:05d}")
