"""What a person calls a record and its values: one title for each record, in every view.

The undo menu, the reader's tooltips, the tables, the pickers and the printout all name a
record the same way, with names in place of ids ("SFR → Numergy (takeover)"), and print its
numbers as the French press does.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive_gui.core.facts.records import (
    Amount,
    Company,
    Deal,
    Event,
    FactStore,
    Figure,
    Person,
    Record,
)

# Digits are grouped and units attached with no-break spaces, as the articles print them, so a
# value never wraps in the middle; ``fold`` turns them into plain spaces for filtering.
NBSP = "\u00a0"


def format_number(value: float) -> str:
    """A number as the French press prints it: 105000000 gives "105 000 000", 16.3 "16,3"."""
    # Up to three decimals, trailing zeros dropped: 105000000.0 prints as 105 000 000.
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", NBSP).replace(".", ",")


def format_quantity(value: float, unit: str) -> str:
    """A number with its unit: "105 000 000 FRF", "33 %"."""
    number = format_number(value)
    return f"{number}{NBSP}{unit}" if unit else number


def format_amount(amount: Amount | str | None) -> str:
    """A deal's amount: the sum, "undisclosed" when the text says so, "" when it is silent."""
    if isinstance(amount, Amount):
        return format_quantity(amount.value, amount.currency)
    return amount or ""


def name_of(store: FactStore, record_id: str | None) -> str:
    """The name a reader knows a record by; the bare id when no record has it."""
    if record_id is None:
        return ""
    record = store.get(record_id)
    return record_title(record, store) if record is not None else record_id


def names_of(store: FactStore, record_ids: Iterable[str]) -> str:
    return ", ".join(name_of(store, record_id) for record_id in record_ids)


def record_title(record: Record, store: FactStore) -> str:
    """A one-line name for any record, with names in place of ids ("SFR → Numergy (takeover)")."""
    if isinstance(record, Company | Person):
        return record.name
    if isinstance(record, Deal):
        acquirer = name_of(store, record.acquirer) or "?"
        target = name_of(store, record.target) or "?"
        return f"{acquirer} → {target} ({record.kind})"
    if isinstance(record, Figure):
        period = f" {record.period}" if record.period else ""
        value = record.printed or format_quantity(record.value, record.unit)
        return f"{name_of(store, record.entity) or '?'} {record.metric}{period}: {value}"
    if isinstance(record, Event):
        entities = names_of(store, record.entities) or "?"
        date = f" ({record.date})" if record.date else ""
        return f"{entities}: {record.kind}{date}"
    return record.label
