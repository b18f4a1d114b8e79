"""Bilingual vocabularies the demo builders compose products, people and places from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A word or phrase in both languages."""

    zh: str
    en: str
