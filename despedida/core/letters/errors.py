"""The one error a draft can fail with."""

from __future__ import annotations


class LetterError(ValueError):
    """A draft that cannot be written from the data given.

    The message is one line that says why, fit for stderr as it is.
    """


class MissingRateError(LetterError):
    """The late-payment rates table has no rate for a half-year the delay covers."""

    def __init__(self, period: str, message: str) -> None:
        self.period = period
        super().__init__(message)
