"""The records as tables (CSV, one file per kind, for a spreadsheet) and as JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from archive_gui.core.exchange.selection import Selection
from archive_gui.core.facts.editing import field_text
from archive_gui.core.facts.fields import KIND_FIELDS, FieldType
from archive_gui.core.facts.file import record_dict
from archive_gui.core.facts.records import Record
from archive_gui.core.kinds import SECTIONS
from archive_gui.core.titles import name_of

# A column of ids beside a column of names: a reference field's records.
_REFERENCE_TYPES = frozenset([FieldType.COMPANY, FieldType.COMPANIES, FieldType.SELLERS])


@dataclass(frozen=True)
class Table:
    """One kind's records: ``name`` is its file's ("deals"), a row a record."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def record_tables(selection: Selection) -> list[Table]:
    """One table per kind the selection asked for, empty ones included."""
    return [record_table(selection, kind) for kind in selection.kinds]


def record_table(selection: Selection, kind: str) -> Table:
    """The records of ``kind``: id, review, each field as the editor types it (a reference by
    name, then by id), tags, notes, and how many passages in which articles."""
    columns = ["id", "review"]
    for declared in KIND_FIELDS[kind]:
        columns.append(declared.name)
        if declared.type in _REFERENCE_TYPES:
            columns.append(f"{declared.name}_id")
    columns += ["tags", "notes", "passages", "articles"]
    rows = [_row(selection, record) for record in selection.records if kind == record.KIND]
    return Table(SECTIONS[kind], tuple(columns), tuple(rows))


def _row(selection: Selection, record: Record) -> tuple[str, ...]:
    store = selection.store
    cells = [record.id, record.review]
    for declared in KIND_FIELDS[record.KIND]:
        value = getattr(record, declared.name)
        if declared.type is FieldType.COMPANY:
            cells += [name_of(store, value), value or ""]
        else:
            cells.append(field_text(store, record, declared.name))
        if declared.type is FieldType.COMPANIES:
            cells.append("\n".join(value))
        elif declared.type is FieldType.SELLERS:
            cells.append("\n".join(s.company for s in value))
    evidence = selection.evidence(record)
    articles = sorted({e.anchor.article for e in evidence})
    cells += [field_text(store, record, "tags"), record.notes or "", str(len(evidence)),
              "\n".join(articles)]  # fmt: skip
    return tuple(cells)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV as spreadsheets read it: a header, quoted where needed, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def records_json(selection: Selection) -> list[dict[str, Any]]:
    """The records as ``facts --json`` prints them, with the selection's passages only."""
    return [
        record_json(dataclasses.replace(r, evidence=selection.evidence(r)))
        for r in selection.records
    ]


def record_json(record: Record) -> dict[str, Any]:
    """A record as ``facts --json`` prints it: the file's form, plus its type and review."""
    return {"type": record.KIND, "review": record.review, **record_dict(record)}
