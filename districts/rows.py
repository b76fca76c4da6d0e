"""Model instances from rows read in SQL, converted as the ORM converts them.

The few reads that every page makes (its session, its user, its committee with its terms,
where the user stands) are written in SQL: building them through the ORM cost several times
what the database spends on them (issue 12: throughput). Their rows become model instances
here, with every concrete field, so that nothing is loaded again later.
"""

from __future__ import annotations

import functools

from django.db import connection


def fields(model) -> list:
    return model._meta.concrete_fields


def columns(model, alias: str) -> str:
    """The model's columns, for a SELECT that reads the table as `alias`."""
    return _columns(model, alias, connection.vendor)


@functools.cache
def _columns(model, alias: str, vendor: str) -> str:
    return ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields(model)
    )


def instance(model, values):
    """A model instance from the values of columns(model, …), in that order."""
    converted = list(values)
    if len(converted) != len(fields(model)):
        raise ValueError(f"{model.__name__}: {len(converted)} values for {len(fields(model))}")
    # Only the few fields with converters (on PostgreSQL none of the User's or a Committee's).
    for index, field, converters in _converters(model):
        value = converted[index]
        for convert in converters:
            value = convert(value, field, connection)
        converted[index] = value
    return model.from_db(connection.alias, None, converted)


def _converters(model) -> list[tuple]:
    return _converters_of(model, connection.vendor)


@functools.cache
def _converters_of(model, vendor: str) -> list[tuple]:
    """(index, field, converters) of the model's fields that have converters."""
    table = model._meta.db_table
    found = [
        (index, field, connection.ops.get_db_converters(field.get_col(table)))
        for index, field in enumerate(fields(model))
    ]
    return [each for each in found if each[2]]


def prepared_rows(sql: str, params: list, using=None) -> list[tuple]:
    """The rows of a statement that every request makes: on PostgreSQL prepared on its
    connection once, rather than planned again each time (config/postgresql); elsewhere
    through Django's cursor. `using`: the connection (the default one if None)."""
    using = using or connection
    run = getattr(using, "prepared_rows", None)
    if run is not None:
        return run(sql, params)
    with using.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
