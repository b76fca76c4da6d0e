"""Django's PostgreSQL backend, with two savings for the few statements every request makes
(issue 12: throughput). Everything else is Django's own.

- `prepared_cursor()`: a cursor whose statements are prepared on their connection the first
  time they run. Django's cursors bind parameters on the client and are never prepared, so
  PostgreSQL plans each statement anew: for the session, the user and a committee page's first
  read, planning costs several times what running them does. Off where prepared statements
  cannot live (DISABLE_SERVER_SIDE_CURSORS, for a transaction pooler such as PgBouncer).
- The health check of a reused connection (CONN_HEALTH_CHECKS) is a round trip to the server
  on every request. It is skipped when the connection was used less than a second ago and its
  socket holds nothing to read: a server that closed the connection (a restart, a terminated
  backend) has sent its goodbye there, so the check still runs and a fresh connection replaces
  it before the request's first statement, as Django's check would.
"""

import select
import time

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

    def prepared_cursor(self):
        """A cursor (wrapped as Django wraps its own) whose statements are prepared on this
        connection, or Django's own where they may not be."""
        if self.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparedCursor(self.connection))

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and not self.health_check_done
            and time.monotonic() - self._used_at < HEALTHY_FOR
            and not _has_input(self.connection)
        ):
            self.health_check_done = True
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
