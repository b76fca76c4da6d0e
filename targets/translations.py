"""gettext that remembers: while an import runs, each message is translated once.

A file of bad rows asks for the same few messages a million times, and each gettext() costs
microseconds; `translations_remembered()` keeps the translations for its duration.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext

_remembered: ContextVar[dict[str, str] | None] = ContextVar("remembered", default=None)


def gettext_remembered(message: str) -> str:
    """gettext, remembered for the duration of `translations_remembered()`."""
    remembered = _remembered.get()
    if remembered is None:
        return gettext(message)
    translated = remembered.get(message)
    if translated is None:
        translated = remembered[message] = gettext(message)
    return translated


@contextmanager
def translations_remembered():
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)
