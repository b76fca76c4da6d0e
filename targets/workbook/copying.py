"""Creating many rows at once, each with its history record (who, when, why, "+").

On PostgreSQL the rows go through COPY, the database's own bulk load: their ids are taken from
the table's sequence first, so that the history records and the later sheets know them, and the
history records are copied the same way. Elsewhere (SQLite) django-simple-history's
`bulk_create_with_history` does the same, more slowly. Either way each new row gets exactly the
history record that simple_history would write for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH = 2000
COPY_BATCH = 10_000


def create_with_history(model, rows: Iterable[dict], count: int, *, user, reason: str) -> list[int]:
    """Insert `count` rows given as {attname: value} (no id; fields left out take their
    defaults) and their history records; the new ids, in the rows' order. The rows are read
    once, a batch at a time, so that memory does not grow with their number."""
    if not count:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        bulk_create_with_history(
            objects, model, batch_size=BATCH, default_user=user, default_change_reason=reason
        )
        return [obj.pk for obj in objects]
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: _default(field, now) for field in fields}
    stamp = {
        "history_date": now,
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason,
        "history_type": "+",
    }
    history = model.history.model
    columns = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    ids = _reserve_ids(model, count)
    numbered = zip(ids, rows, strict=True)
    while batch := [{**defaults, **row, "id": pk} for pk, row in islice(numbered, COPY_BATCH)]:
        _copy(model, ["id", *defaults], batch)
        _copy(history, columns, ({**row, **stamp} for row in batch))
    return ids


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default() if field.has_default() else None


def _reserve_ids(model, count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model, attnames: list[str], rows) -> None:
    by_attname = {field.attname: field.column for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(by_attname[name]) for name in attnames)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in attnames])
