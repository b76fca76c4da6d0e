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
        row = self._row()
        if row is None:
            self._session_key = None  # as Django's: a missing or expired session starts anew
            return {}
        data = self.decode(row[0])
        if row[1] is not None and _user_id(data.get(SESSION_KEY)) == row[1]:
            self.user = rows.instance(get_user_model(), row[1:])
        return data

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

    def _row(self) -> tuple | None:
        """The session's data and its user's columns (None if it has no user), if the session
        exists and has not expired."""
        if self.session_key is None:
            return None
        model, user = self.model, get_user_model()
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT s.session_data, {rows.columns(user, 'u')}"
            f" FROM {quote(model._meta.db_table)} s LEFT JOIN {quote(user._meta.db_table)} u"
            f" ON u.{quote(user._meta.pk.column)} = s.user_id"
            " WHERE s.session_key = %s AND s.expire_date > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = rows.prepared_rows(sql, [self.session_key, now], connection)
        return found[0] if found else None


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
