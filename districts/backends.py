"""Django's ModelBackend, with the user of every request read in SQL (districts/rows.py: the
ORM took longer to build that one query than the database to answer it), or not read at all
when the session brought it (districts.sessions, handed over by districts.middleware). Logging
in, the rights and everything else are Django's own."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import backends, get_user_model
from django.db import connection

from districts import rows

# The user read with this request's session, while Django's get_user() asks for it.
_read_with_session = ContextVar("read_with_session", default=None)


@contextmanager
def read_with_session(user):
    """Within it, get_user() of this user's id takes `user` (read with the session) as read."""
    token = _read_with_session.set(user)
    try:
        yield
    finally:
        _read_with_session.reset(token)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        user = _read_with_session.get()
        if user is None or str(user.pk) != str(user_id):
            user = self._read(model, user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    def _read(self, model, user_id):
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.pk.column)
        sql = f"SELECT {rows.columns(model, 'u')} FROM {table} u WHERE u.{key} = %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [model._meta.pk.get_db_prep_value(user_id, connection)])
            row = cursor.fetchone()
        return None if row is None else rows.instance(model, row)
