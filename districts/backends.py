"""Django's ModelBackend, with the user of every request read in SQL (districts/rows.py: the
ORM took longer to build that one query than the database to answer it). Logging in, the
rights and everything else are Django's own."""

from django.contrib.auth import backends, get_user_model
from django.db import connection

from districts import rows


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.pk.column)
        sql = f"SELECT {rows.columns(model, 'u')} FROM {table} u WHERE u.{key} = %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [model._meta.pk.get_db_prep_value(user_id, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        user = rows.instance(model, row)
        return user if self.user_can_authenticate(user) else None
