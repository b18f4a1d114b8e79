"""The error raised for a malformed pricing case."""

from __future__ import annotations


class CaseError(ValueError):
    """A malformed case: `path` says where (`promotions[3].tiers[0].min_spend`), `message` what."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
