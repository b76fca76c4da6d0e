"""Django's PostgreSQL backend, with two savings for the few statements every request makes
(issue 12: throughput). Everything else is Django's own.

- `prepared_rows()`: the rows of a statement prepared on its connection the first time it
  runs. Django's cursors bind parameters on the client and are never prepared, so PostgreSQL
  plans each statement anew: for the session, the user and a committee page's first read,
  planning costs several times what running them does. Off where prepared statements cannot
  live (DISABLE_SERVER_SIDE_CURSORS, for a transaction pooler such as PgBouncer).
- The health check of a reused connection (CONN_HEALTH_CHECKS) is a round trip to the server
  on every request. Before a prepared read outside a transaction (the request's first, the
  session's) it is skipped when the connection was used less than a second ago and its socket
  holds nothing to read: a server that closed the connection (a restart, a terminated backend)
  has usually sent its goodbye there, so the check still runs and a fresh connection replaces
  it. Usually: pg_terminate_backend() returns before the backend has gone, so a request a
  moment later may find the socket quiet and the connection closed under its read. Nothing of
  the request has run on that connection yet, so the read runs again on a new one, as it would
  have after Django's check.
- A prepared read whose table was altered since it was prepared (a migration run while the app
  serves) is refused by PostgreSQL on that connection ("cached plan must not change result
  type"): outside a transaction it runs again on a new connection, where it is prepared anew.
"""

import select
import time

from django.db import NotSupportedError, OperationalError
from django.db.backends.postgresql import base

HEALTHY_FOR = 1.0  # seconds after its last use in which a quiet connection needs no check


class PreparedCursor(base.ServerBindingCursor):
    """Server-side parameters, each statement prepared on its first execution."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = 0.0  # when a cursor was last made on the connection (time.monotonic())

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if not self.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
            # Not None: statements may be prepared. Only prepared cursors ask for it; Django's
            # own (client-side binding) never prepare whatever the threshold.
            connection.prepare_threshold = 2**31 - 1
        return connection

    def prepared_rows(self, sql: str, params: list) -> list[tuple]:
        """The rows of `sql`, prepared on this connection (through Django's cursor where
        statements may not be prepared)."""
        if self.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
            with self.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        unchecked = self._skip_health_check()
        try:
            return self._prepared_rows(sql, params)
        except OperationalError:
            if not unchecked or self.connection is None or self.is_usable():
                raise
        except NotSupportedError:
            # "cached plan must not change result type": a table it reads was altered since
            # it was prepared (a migration run while the app serves). A new connection
            # prepares it afresh; within a transaction, which the error ended, nothing may run.
            if self.in_atomic_block:
                raise
        self.close()  # the read runs again on a new connection
        return self._prepared_rows(sql, params)

    def _prepared_rows(self, sql: str, params: list) -> list[tuple]:
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = self._prepare_cursor(PreparedCursor(self.connection))
        with cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _skip_health_check(self) -> bool:
        """Mark the health check of this request done, without its round trip, if the
        connection was used a moment ago, its socket is quiet and no transaction is open (so
        that a read that fails may run again on a new connection). Whether it was skipped."""
        if (
            self.connection is None
            or not self.health_check_enabled
            or self.health_check_done
            or self.in_atomic_block
            or time.monotonic() - self._used_at >= HEALTHY_FOR
            or _has_input(self.connection)
        ):
            return False
        self.health_check_done = True
        return True

    def close_if_health_check_failed(self):
        super().close_if_health_check_failed()
        self._used_at = time.monotonic()


def _has_input(connection) -> bool:
    """Whether the connection's socket has something to read (or is closed): an idle
    connection's has nothing, unless the server said goodbye."""
    try:
        readable, _w, _x = select.select([connection.fileno()], [], [], 0)
    except Exception:  # closed, or no socket: let Django's check decide
        return True
    return bool(readable)
