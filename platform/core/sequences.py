"""Gap-free running numbers (queue tickets, card numbers, register numbers).

A counter is a model with a unique key (one or more fields) and an integer `last_number`.
`next_number` takes the key's next number with one upsert that also locks the counter's row
until the caller's transaction ends: a concurrent caller waits for this one to commit (or to
roll back, which gives the number back), so numbers are unique and have no gaps.

Every counter is found by `counter_models()` (a model with a `last_number` field): a restore
of an office (`backups.restore`) keeps each of them past the numbers already printed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from psycopg import sql


def _column(counter: type[models.Model], name: str) -> str:
    field = counter._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{counter.__name__}.{name} is not a column")
    return field.column


def next_number(counter: type[models.Model], **key: Any) -> int:
    """The next number of the counter row with `key` (created at 1). Call it inside the
    transaction that uses the number."""
    if not key:
        raise ValueError("a counter needs a key")
    table = sql.Identifier(counter._meta.db_table)
    columns = [sql.Identifier(_column(counter, name)) for name in key]
    query = sql.SQL(
        "INSERT INTO {table} ({columns}, last_number) VALUES ({values}, 1) "
        "ON CONFLICT ({columns}) DO UPDATE SET last_number = {table}.last_number + 1 "
        "RETURNING last_number"
    ).format(
        table=table,
        columns=sql.SQL(", ").join(columns),
        values=sql.SQL(", ").join(sql.Placeholder() * len(key)),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, list(key.values()))
        row = cursor.fetchone()
    if row is None:  # pragma: no cover (RETURNING always yields the row)
        raise RuntimeError(f"no number from {counter.__name__}")
    return int(row[0])


COUNTER_FIELD = "last_number"


def counter_models() -> list[type[models.Model]]:
    """Every counter model of the project, ordered by label: a model with a `last_number`
    integer field, whose other columns (the primary key aside) are its unique key."""
    found = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field(COUNTER_FIELD)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.IntegerField):
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def counter_key_fields(counter: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields of the counter's key (`next_number`'s keyword arguments)."""
    return [
        field
        for field in counter._meta.concrete_fields
        if not field.primary_key and field.name != COUNTER_FIELD
    ]
