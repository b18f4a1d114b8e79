"""Full-text product search in Chinese and English.

Words come from jieba (Chinese, search mode: long words and their parts) and a light
English stemmer. Each product keeps its words in a SearchDocument, rebuilt by the nightly
job; a query is cut the same way and every word must match. On PostgreSQL the document,
the English name and description go through its full-text search (GIN indexes) and a
brand's or name's trigram similarity forgives a typo; elsewhere the words are matched
with LIKE. Names are also matched directly, so a product added since the last rebuild is
found too.
"""

import logging
import re

import jieba
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from .models import SKU, Product
from .selectors import ProductSort, product_cards, product_sorted

jieba.setLogLevel(logging.WARNING)

MAX_TERMS = 8
MAX_QUERY = 100
SUGGESTIONS = 6
TRIGRAM_THRESHOLD = 0.3
_TOKEN = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def stem(word: str) -> str:
    """Strip a common English inflection: phones → phone, cases → case, charging → charg."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("shes", "ches", "xes", "zes", "sses")):
                return word[:-1]
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)] + replacement
    return word


def segment(text: str) -> list[str]:
    """Cut text into lower-case words: jieba for Chinese, stemmed for English."""
    words = []
    for piece in jieba.cut_for_search(text.lower()):
        for token in _TOKEN.findall(piece):
            words.append(stem(token))
    return words


def query_terms(query: str) -> list[str]:
    """Return the distinct words of a query, the finest cut only, at most MAX_TERMS."""
    words = list(dict.fromkeys(segment(query[:MAX_QUERY])))
    # jieba's search mode yields 蓝牙耳机 beside 蓝牙 and 耳机: requiring the whole as
    # well would miss 蓝牙无线耳机, so a word made of other words of the query is dropped.
    fine = [w for w in words if sum(1 for other in words if other != w and other in w) < 2]
    return fine[:MAX_TERMS]


def document_text(*parts: str) -> str:
    """Return the words of a product's texts, space separated and space padded."""
    return " " + " ".join(dict.fromkeys(word for part in parts for word in segment(part))) + " "


def _term_match(term: str) -> Q:
    codes = SKU.objects.filter(is_active=True, code__icontains=term).values("product_id")
    return (
        Q(search_document__text__contains=f" {term}")
        | Q(name_zh_hans__icontains=term)
        | Q(name_en__icontains=term)
        | Q(brand__name_zh_hans__icontains=term)
        | Q(brand__name_en__icontains=term)
        | Q(category__name_zh_hans__icontains=term)
        | Q(category__name_en__icontains=term)
        | Q(id__in=codes)
    )


def _words_match(terms: list[str]) -> Q:
    match = Q()
    for term in terms:
        match &= _term_match(term)
    return match


def _postgres_search(queryset: QuerySet[Product], query: str, terms: list[str]) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
    )

    vector = (
        SearchVector("search_document__text", config="simple", weight="A")
        + SearchVector("name_en", config="english", weight="A")
        + SearchVector("description_en", config="english", weight="C")
    )
    search = None
    for term in terms:
        # Terms hold only letters, digits and CJK, so the raw prefix syntax is safe.
        either = SearchQuery(f"{term}:*", config="simple", search_type="raw") | SearchQuery(
            term, config="english"
        )
        search = either if search is None else search & either
    similarity = Greatest(
        TrigramSimilarity(Coalesce("brand__name_en", Value("")), query),
        TrigramSimilarity("name_en", query),
        output_field=FloatField(),
    )
    return (
        queryset.annotate(
            document=vector, relevance=SearchRank(vector, search), similarity=similarity
        )
        .filter(
            # The @@ match, not a positive rank: ts_rank gives 1e-20 to documents that miss.
            Q(document=search) | _words_match(terms) | Q(similarity__gte=TRIGRAM_THRESHOLD)
        )
        .annotate(match=F("relevance") + F("similarity"))
    )


def product_search(*, query: str, sort: str = ProductSort.DEFAULT) -> QuerySet[Product]:
    """Return the cards matching query, best match first unless another sort is asked."""
    # PostgreSQL refuses NUL in a string; nothing a shopper types needs it.
    query = query.replace("\x00", "").strip()[:MAX_QUERY]
    terms = query_terms(query)
    if not terms:
        return Product.objects.none()
    queryset = product_cards()
    if connection.vendor == "postgresql":
        queryset = _postgres_search(queryset, query.lower(), terms)
        if sort == ProductSort.DEFAULT:
            return queryset.order_by("-match", *product_sorted(queryset, sort=sort).query.order_by)
    else:
        queryset = queryset.filter(_words_match(terms))
    return product_sorted(queryset, sort=sort)


def search_suggestions(*, query: str, limit: int = SUGGESTIONS) -> list[Product]:
    """Return a few products for the words typed so far, best first."""
    return list(product_search(query=query)[:limit])
