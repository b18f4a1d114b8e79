"""The shapes of the category data: roots, leaf categories and product types."""

from dataclasses import dataclass

from .. import Term

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class ProductType:
    """A kind of product in a leaf category; `code` starts its SKU codes."""

    code: str
    name: Term
    price: tuple[float, float]
    scheme: str = "single"
    materials: tuple[str, ...] = ()
    season: str = ""


@dataclass(frozen=True)
class Leaf:
    """A category that holds products; names are style + material or feature + type."""

    slug: str
    name: Term
    share: float
    demand: float
    types: tuple[ProductType, ...]
    styles: tuple[Term, ...]
    features: tuple[Term, ...]
    pitches: tuple[Term, ...]
    related: tuple[str, ...]
    naming: str = "goods"
    gift: float = 0.1


@dataclass(frozen=True)
class Root:
    slug: str
    name: Term
    description: Term
    palette: tuple[RGB, RGB]
    leaves: tuple[Leaf, ...]
