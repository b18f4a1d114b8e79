"""The content model: TF-IDF over what describes a product, for products nobody bought yet.

Pure Python and scipy. A product is a bag of tokens: its category path, brand, attribute
values and segmented title, each field prefixed so that "apple" the brand and "apple" the
word in a title stay apart. Fields are weighed differently: sharing a leaf category or a
brand says more than sharing a common word.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .similarity import Neighbours, cosine

FIELD_WEIGHTS = {"cat": 1.5, "brand": 1.2, "attr": 0.8, "word": 1.0}


@dataclass(frozen=True)
class Description:
    """What the content model knows of one product."""

    categories: Sequence[str] = ()  # the path from the root, most general first
    brand: str = ""
    attributes: Sequence[str] = ()
    words: Sequence[str] = field(default_factory=tuple)

    def tokens(self) -> dict[str, float]:
        """Return each prefixed token with its field weight; deeper categories weigh more."""
        bag: dict[str, float] = {}
        depth = len(self.categories)
        for level, name in enumerate(self.categories, start=1):
            bag[f"cat:{name}"] = FIELD_WEIGHTS["cat"] * level / depth
        if self.brand:
            bag[f"brand:{self.brand}"] = FIELD_WEIGHTS["brand"]
        for value in self.attributes:
            bag[f"attr:{value}"] = FIELD_WEIGHTS["attr"]
        for word in self.words:
            key = f"word:{word.lower()}"
            bag[key] = bag.get(key, 0.0) + FIELD_WEIGHTS["word"]
        return bag


def tfidf(descriptions: Sequence[Description]) -> sparse.csr_matrix:
    """Return the products × tokens TF-IDF matrix: field-weighted tf, smoothed idf."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, description in enumerate(descriptions):
        for token, weight in description.tokens().items():
            rows.append(row)
            columns.append(vocabulary.setdefault(token, len(vocabulary)))
            values.append(weight)
    shape = (len(descriptions), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((np.asarray(values, dtype=np.float32), (rows, columns)), shape=shape)
    documents = np.bincount(matrix.indices, minlength=shape[1])
    idf = np.log((1.0 + shape[0]) / (1.0 + documents)) + 1.0
    return (matrix @ sparse.diags(idf.astype(np.float32))).tocsr()


def content_neighbours(descriptions: Sequence[Description], *, k: int) -> Neighbours:
    """Return each product's k most similar products by description."""
    if not descriptions:
        empty = np.empty((0, k), dtype=np.int32)
        return Neighbours(indices=empty, scores=empty.astype(np.float32))
    return cosine(tfidf(descriptions), k=k)
