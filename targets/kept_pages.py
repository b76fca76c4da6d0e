"""Whole pages kept in the cache for the next identical request of the same user.

A warm dashboard is asked for far more often than its data changes, and once its numbers are
cached, rendering the layout around them costs more than everything else. So the whole page
is kept, under a key made of:

- the page's own facts (the term's data version, the moment asked for, the user's rights
  there, the date: whatever the page shows besides the layout), given by the view;
- what the layout (base.html) shows of the request: the address (the language picker returns
  to it), the language, the user (every kept page belongs to one user), their standing (the
  header's committee and role) and the quarters waiting for them if they review.

Two parts of a page differ on every request and are never kept: the CSRF token of its forms
and the CSP nonce of its scripts. The page is rendered with a hole in their place, and the
holes are filled with this request's token and nonce on the way out. A request with a message
to show (after a write) is rendered afresh and not kept.

Each process also holds the pages it served last, decompressed (`recent`): the next request
for one of them skips the cache's copy and the decompression, a tenth of a warm dashboard's
time. Their keys are the shared cache's, so they are exactly as correct; their size is bounded
(KEPT_PAGES_IN_PROCESS_MB).
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from districts.access import request_standing
from districts.models import Term
from targets import progress_cache
from targets.selectors import request_waiting

TIMEOUT = 60 * 60  # seconds: the versions in the key keep a page correct, this frees memory
# Never produced by a template on its own: a token or a nonce is letters, digits, - and _.
CSRF_HOLE = "\x00csrf-token\x00"
NONCE_HOLE = "\x00csp-nonce\x00"


def kept_page(
    request, term: Term, facts: tuple, render: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page `render(extra_context)` gives, kept under the term's data version, `facts`
    and the layout's facts of this request; `render` adds `extra_context` to its context."""
    layout, context = _layout(request)
    if get_messages(request):  # a message is shown once: this page is never kept
        return render(context)
    key = progress_cache.part_key("page", term, (facts, layout))
    page = recent.get(key)
    if page is None:
        kept = caches["pages"].get(key)
        if kept is None:
            response = render({**context, "csrf_token": CSRF_HOLE, "csp_nonce": NONCE_HOLE})
            if response.status_code != 200:  # only pages are kept, never a refusal
                return response
            kept = _keep(response.content)
            caches["pages"].set(key, kept, TIMEOUT)
        page = _opened(kept)
        recent.put(key, page)
    return HttpResponse(_fill(page, get_token(request).encode(), str(get_nonce(request)).encode()))


class RecentPages:
    """The pages a process served last, decompressed, by key: at most `limit` bytes of them,
    the least recently served forgotten first. Shared by a process's threads."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._pages: OrderedDict[str, tuple[bytes, tuple]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, tuple] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: tuple[bytes, tuple]) -> None:
        length = len(page[0])
        if length > self.limit:
            return
        with self._lock:
            previous = self._pages.pop(key, None)
            if previous is not None:
                self.size -= len(previous[0])
            self._pages[key] = page
            self.size += length
            while self.size > self.limit:
                _key, dropped = self._pages.popitem(last=False)
                self.size -= len(dropped[0])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.size = 0


recent = RecentPages(settings.KEPT_PAGES_IN_PROCESS_MB * 1024 * 1024)


_HOLES = re.compile(
    b"(" + re.escape(CSRF_HOLE.encode()) + b"|" + re.escape(NONCE_HOLE.encode()) + b")"
)


def _keep(content: bytes) -> tuple[bytes, tuple]:
    """A page as it is kept: its text without the holes, compressed (a seventh of the size;
    compressed once, decompressed at every request), and where each hole was: (the length of
    the text before it, whether it is the CSRF token's)."""
    pieces = _HOLES.split(content)
    text, holes = pieces[::2], pieces[1::2]
    places = tuple(
        (len(before), hole == CSRF_HOLE.encode()) for before, hole in zip(text, holes, strict=False)
    )
    return zlib.compress(b"".join(text), 6), places


def _opened(kept: tuple[bytes, tuple]) -> tuple[bytes, tuple]:
    """A kept page as it is filled: its text decompressed, and where its holes are."""
    compressed, places = kept
    return zlib.decompress(compressed), places


def _fill(page: tuple[bytes, tuple], token: bytes, nonce: bytes) -> bytes:
    """The page (_opened) with this request's CSRF token and CSP nonce in its holes: one copy
    of the page, never decoded and encoded again."""
    text, places = page
    text = memoryview(text)
    pieces, start = [], 0
    for length, is_token in places:
        pieces += (text[start : start + length], token if is_token else nonce)
        start += length
    pieces.append(text[start:])
    return b"".join(pieces)


def _layout(request) -> tuple[tuple, dict]:
    """What the layout shows of this request (the key's part) and the context that spares the
    layout reading it again."""
    user = request.user
    where = request_standing(request)
    waiting = request_waiting(request, where)
    home = where.committee if where is not None else None
    layout = (
        request.get_full_path(),
        get_language(),
        user.pk,
        user.get_username(),
        user.get_full_name(),
        user.is_staff,
        where and (where.role_label, where.sees_overview, where.reviews),
        home and (home.pk, home.code, home.name),
        waiting,
    )
    return layout, {"waiting_for_review": waiting}
