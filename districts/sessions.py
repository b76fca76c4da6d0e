"""Django's database sessions, with the read of every request written in SQL.

Each request of a logged-in user starts by reading its session: building that one query through
the ORM cost several times what the database spends on it. Everything else (writes, expiry,
clearing) is Django's own; `SESSION_ENGINE = "districts.sessions"`.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        data = self._session_data()
        if data is None:
            self._session_key = None  # as Django's: a missing or expired session starts anew
            return {}
        return self.decode(data)

    def _session_data(self) -> str | None:
        if self.session_key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        sql = (
            f"SELECT session_data FROM {connection.ops.quote_name(model._meta.db_table)}"
            " WHERE session_key = %s AND expire_date > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        return row[0] if row else None
