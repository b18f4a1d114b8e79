"""The category tree and, per leaf, the words its product names are composed from."""

from .apparel import APPAREL
from .baby import BABY
from .beauty import BEAUTY
from .books import BOOKS
from .electronics import ELECTRONICS
from .food import FOOD
from .home import HOME
from .spec import Leaf, ProductType, Root
from .sports import SPORTS

ROOTS: tuple[Root, ...] = (APPAREL, ELECTRONICS, FOOD, HOME, BEAUTY, SPORTS, BOOKS, BABY)
LEAVES: dict[str, Leaf] = {leaf.slug: leaf for root in ROOTS for leaf in root.leaves}
ROOT_OF: dict[str, Root] = {leaf.slug: root for root in ROOTS for leaf in root.leaves}

__all__ = ["LEAVES", "ROOTS", "ROOT_OF", "Leaf", "ProductType", "Root"]
