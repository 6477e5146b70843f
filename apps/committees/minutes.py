"""What modules add to the minutes (รายงานการประชุม) of their committees' meetings.

An agenda item carries its own table (`AgendaItem.table`, set by
`services.agenda_item_set_table`): what the meeting saw, stored. A module that prefers to print
content computed when the minutes are printed registers a builder for the subject keys it
owns, in its `AppConfig.ready`:

    from apps.committees.minutes import MinutesTable, register_contribution

    def ranking_table(item: AgendaItem) -> MinutesTable | None:
        round_id = int(item.subject.split(":", 1)[1])
        ...
        return MinutesTable(title="ผลการจัดลำดับ", columns=[...], rows=[...])

    register_contribution("revolvingfund.round:", ranking_table)

The minutes print an item's stored table and then each registered builder's table (a builder
returns None to add nothing). A builder runs in the office's schema; it reads only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apps.committees.models import AgendaItem


@dataclass(frozen=True)
class MinutesTable:
    """A table under an agenda item: column headings, rows of text, optional relative widths."""

    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    title: str = ""
    widths: Sequence[float] = field(default=())


Builder = Callable[["AgendaItem"], "MinutesTable | None"]
_BUILDERS: dict[str, Builder] = {}


def register_contribution(prefix: str, builder: Builder) -> None:
    """Have `builder` add a table to items whose subject starts with `prefix`. Registering the
    same prefix again replaces the builder (a reloaded app)."""
    if ":" not in prefix or not prefix.split(":", 1)[0]:
        raise ValueError("a prefix names a subject kind, e.g. 'revolvingfund.round:'")
    _BUILDERS[prefix] = builder


def unregister_contribution(prefix: str) -> None:
    _BUILDERS.pop(prefix, None)


def tables_for(item: AgendaItem) -> list[MinutesTable]:
    """The tables printed under `item`: its stored table, then the registered builders'."""
    tables: list[MinutesTable] = []
    stored = item.table or {}
    if stored.get("columns"):
        tables.append(
            MinutesTable(
                columns=stored["columns"],
                rows=stored.get("rows", []),
                title=stored.get("title", ""),
                widths=stored.get("widths") or (),
            )
        )
    if item.subject:
        for prefix, builder in sorted(_BUILDERS.items()):
            if item.subject.startswith(prefix):
                built = builder(item)
                if built is not None:
                    tables.append(built)
    return tables
