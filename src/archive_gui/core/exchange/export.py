"""Writing an export: the format chosen, to a file, a folder (CSV) or a stream."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from archive_gui.core.archive.fileio import atomic_write_chunks
from archive_gui.core.exchange.ftm import ftm_lines
from archive_gui.core.exchange.selection import Selection
from archive_gui.core.exchange.tables import csv_text, record_tables, records_json
from archive_gui.core.exchange.webannotation import (
    collection_head,
    collection_text,
    passage_annotations,
)


@dataclass(frozen=True)
class ExportFormat:
    title: str  # in a menu
    suffix: str  # of its file
    noun: str  # what it counts: "12 entities"


FORMATS: dict[str, ExportFormat] = {
    "ftm": ExportFormat("FollowTheMoney entities (Aleph)", ".ftm.json", "entities"),
    "w3c": ExportFormat("W3C Web Annotations", ".jsonld", "annotations"),
    "csv": ExportFormat("CSV, one file per kind", ".csv", "rows"),
    "json": ExportFormat("JSON, as facts --json", ".json", "records"),
}
T = TypeVar("T")
# The encoding of CSV files: UTF-8 with a byte-order mark, without which Excel reads
# "Société" as "SociÃ©tÃ©".
CSV_ENCODING = "utf-8-sig"


class ExportError(ValueError):
    """An export that cannot be written as asked; the message says why, for the user."""


@dataclass
class ExportReport:
    """What an export wrote, and what it left out with why."""

    fmt: str
    files: list[Path] = field(default_factory=list)
    entries: int = 0
    left_out: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the user: "Exported 70 FollowTheMoney entities (Aleph) to x.json"."""
        where = ""
        if self.files:
            where = (
                f" to {self.files[0]}"
                if len(self.files) == 1
                else (f" to {len(self.files)} files in {self.files[0].parent}")
            )
        return f"Exported {self.entries} {FORMATS[self.fmt].noun} ({self.fmt}){where}"


def export_text(selection: Selection, fmt: str) -> tuple[str, ExportReport]:
    """The export as one text: every format but CSV of several kinds."""
    report = ExportReport(fmt)
    return "".join(export_pieces(selection, fmt, report)), report


def export_pieces(selection: Selection, fmt: str, report: ExportReport) -> Iterator[str]:
    """The export's text piece by piece (an entity, an annotation, a record a piece), so that
    a large archive's is never whole in memory; ``report`` is complete once they are all read.
    Every format but CSV of several kinds."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    if fmt == "csv":
        tables = record_tables(selection)
        if len(tables) != 1:
            raise ExportError("CSV is one file per kind: give a folder (-o DIR) or one --kind")
        report.entries = len(tables[0].rows)
        yield csv_text(tables[0].columns, tables[0].rows)
        return
    if fmt == "ftm":
        yield from _counted(ftm_lines(selection, report.left_out), report)
    elif fmt == "w3c":
        annotations = _counted(passage_annotations(selection), report)
        yield from collection_text(collection_head(selection), annotations)
    else:
        yield from json_pieces(_counted(records_json(selection), report))


def _counted(items: Iterable[T], report: ExportReport) -> Iterator[T]:
    """The items, each counted in ``report`` as it goes by."""
    for item in items:
        report.entries += 1
        yield item


def json_pieces(items: Iterable[object]) -> Iterator[str]:
    """A JSON list, an item a piece, each indented as ``facts --json`` prints it."""
    yield "["
    for n, item in enumerate(items):
        text = json.dumps(item, ensure_ascii=False, indent=2)
        yield ("," if n else "") + "\n  " + text.replace("\n", "\n  ")
    yield "\n]\n"


def export_to(selection: Selection, fmt: str, target: Path) -> ExportReport:
    """Writes the export to ``target``, each file atomically: a folder for CSV (one file per
    kind, made if need be; a file ending in .csv for one kind), a file otherwise."""
    if fmt != "csv" or (target.suffix.lower() == ".csv" and len(selection.kinds) == 1):
        if target.is_dir():
            target = target / f"{selection.namespace}{FORMATS[fmt].suffix}"
        report = ExportReport(fmt)
        encoding = CSV_ENCODING if fmt == "csv" else "utf-8"
        write_pieces(target, export_pieces(selection, fmt, report), encoding)
        report.files.append(target)
        return report
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: CSV is one file per kind; give a folder")
    report = ExportReport(fmt)
    for table in record_tables(selection):
        path = target / f"{table.name}.csv"
        write_csv(path, table.columns, table.rows)
        report.files.append(path)
        report.entries += len(table.rows)
    return report


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A CSV file a spreadsheet opens (search results, a kind's records), written atomically."""
    write_pieces(path, [csv_text(columns, rows)], CSV_ENCODING)


def write_pieces(path: Path, pieces: Iterable[str], encoding: str = "utf-8") -> None:
    """Writes an export's file atomically as its pieces come; ExportError says why it could
    not (the file as it was is left in place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_chunks(path, (piece.encode(encoding) for piece in pieces))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror})") from None
