"""Django's database sessions, read with their user in one statement.

Each request of a logged-in user starts by reading its session, then its user. Both are read
here at once: the session's row (`districts.models.Session`) carries its user's id, so one
statement joins them, and the user read with it spares the backend its own query
(districts.backends). Django's authentication still checks everything it checks (the backend,
the password's session hash, an inactive user). Writes, expiry and clearing are Django's own;
`SESSION_ENGINE = "districts.sessions"`.
"""

from collections import OrderedDict
from threading import Lock

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.db import connections, router
from django.utils import timezone

from districts import rows


class SessionStore(db.SessionStore):
    # The user read with the session (None for none): the one whose id the session holds.
    user = None
    # A statement to read with the session when it loads, for its user (read_along), and the
    # rows it gave (None if it was not read, or not for the user read with the session).
    _along = None
    _along_rows = None

    @classmethod
    def get_model_class(cls):
        from districts.models import Session

        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = _user_id(data.get(SESSION_KEY))
        return instance

    def load(self) -> dict:
        self.user = None
        self._along_rows = None
        along, self._along = self._along, None  # read with this load only
        row, along_rows = self._row(along)
        if row is None:
            self._session_key = None  # as Django's: a missing or expired session starts anew
            return {}
        data = self.decode(row[0])
        if row[1] is not None and _user_id(data.get(SESSION_KEY)) == row[1]:
            self.user = rows.instance(get_user_model(), row[1:])
            # Read for the user of the row's column, the one the data names: for this user.
            self._along_rows = along_rows
        return data

    def read_along(self, statement) -> None:
        """Read, in the same statement as the session and its user, the statement that
        `statement(viewer)` gives (SQL and parameters) for that user, given in SQL
        (districts.models.Viewer), if the session is not loaded yet (otherwise nothing)."""
        if not hasattr(self, "_session_cache"):
            self._along = statement

    def rows_along(self, user) -> list[tuple] | None:
        """The rows of the statement read with the session (read_along), if `user` is the very
        user read with it (Django's authentication took it as the request's user: its
        backend, the password's session hash and whether it is active checked); None
        otherwise, to be read for `user` on their own."""
        user = getattr(user, "_wrapped", user)  # request.user is lazy: the user it holds
        if self._along_rows is None or self.user is None or user is not self.user:
            return None
        return self._along_rows

    def decode(self, session_data: str) -> dict:
        """Django's decode (the signature checked, then decompressed and deserialized), done
        once per distinct session data: a signed value and its secret always give the same
        data, and a user's session data is the same from one request to the next until it is
        written again. A value that does not verify is decoded (and refused, logged) each time,
        as Django's. Each call returns a dict of its own, deserialized anew."""
        key = (session_data, settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
        serialized = _DECODED.get(key)
        if serialized is None:
            data = super().decode(session_data)
            if data:
                _DECODED.put(key, self.serializer().dumps(data))
            return data
        return self.serializer().loads(serialized)

    def _validate_session_key(self, key) -> bool:
        """Only a key as Django makes them (letters and digits, at most the column's 40) is
        looked up: any other cookie starts a new session, never a failed statement
        (PostgreSQL refuses a NUL)."""
        return bool(key) and 8 <= len(key) <= 40 and not set(key) - _KEY_CHARS

    def loaded_user(self):
        """The user read with this session, loading it if it is not yet."""
        self._get_session()
        return self.user

    def _row(self, along=None) -> tuple[tuple | None, list[tuple] | None]:
        """The session's data and its user's columns (None if it has no user), if the session
        exists and has not expired (None otherwise); with the rows of `along` (read_along) for
        that user, read in the same statement (None if none was read)."""
        if self.session_key is None:
            return None, None
        model, user = self.model, get_user_model()
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        session = (
            f"SELECT s.session_data, {rows.columns(user, 'u')}"
            f" FROM {quote(model._meta.db_table)} s LEFT JOIN {quote(user._meta.db_table)} u"
            f" ON u.{quote(user._meta.pk.column)} = s.user_id"
            " WHERE s.session_key = %s AND s.expire_date > %s"
        )
        params = [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())]
        if along is None:
            found = rows.prepared_rows(session, params, connection)
            return (found[0] if found else None), None
        # The session's row (none: no rows at all), beside each row `along` reads for its user
        # (the user's own columns in the session's row), or beside NULLs if it reads none.
        from districts.models import Viewer

        viewer = Viewer(
            id=f"(SELECT {quote(user._meta.pk.column)} FROM viewer)",
            superuser=f"(SELECT {quote(user._meta.get_field('is_superuser').column)} FROM viewer)",
        )
        along_sql, along_params = along(viewer)
        sql = (
            f"WITH viewer AS ({session})"
            f" SELECT viewer.*, along.* FROM viewer LEFT JOIN ({along_sql}) along ON 1 = 1"
        )
        found = rows.prepared_rows(sql, [*params, *along_params], connection)
        if not found:
            return None, None
        width = 1 + len(rows.fields(user))
        return found[0][:width], [row[width:] for row in found if row[width] is not None]


_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class _Recent:
    """The last `size` entries put, the least recently used dropped first (thread-safe)."""

    def __init__(self, size: int):
        self.size, self._entries, self._lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# Session data already verified and decoded in this process, serialized again (SessionStore.decode).
_DECODED = _Recent(10_000)


def _user_id(value):
    """The user id a session's data holds, as the user's primary key (None for none)."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except Exception:  # a malformed id logs nobody in, as Django's own lookup would
        return None
