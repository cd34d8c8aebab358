"""The one error of the import: a page that cannot be imported, and why."""

from __future__ import annotations


class PageError(ValueError):
    """A page that cannot be imported; `code` says why, the message says it to a person."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
