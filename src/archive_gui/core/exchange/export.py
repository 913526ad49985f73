"""Writing an export: the format chosen, to a file, a folder (CSV) or a stream."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive_gui.core.archive.fileio import atomic_write_bytes
from archive_gui.core.exchange.ftm import ftm_export
from archive_gui.core.exchange.selection import Selection
from archive_gui.core.exchange.tables import csv_text, record_tables, records_json
from archive_gui.core.exchange.webannotation import annotation_collection


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
    """The export as one text (to print): every format but CSV of several kinds."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    report = ExportReport(fmt)
    if fmt == "ftm":
        built = ftm_export(selection)
        report.entries, report.left_out = len(built.entities), built.left_out
        return "".join(line + "\n" for line in built.lines()), report
    if fmt == "w3c":
        collection = annotation_collection(selection)
        report.entries = collection["total"]
        return _json(collection), report
    if fmt == "json":
        records = records_json(selection)
        report.entries = len(records)
        return _json(records), report
    tables = record_tables(selection)
    if len(tables) != 1:
        raise ExportError("CSV is one file per kind: give a folder (-o DIR) or one --kind")
    report.entries = len(tables[0].rows)
    return csv_text(tables[0].columns, tables[0].rows), report


def export_to(selection: Selection, fmt: str, target: Path) -> ExportReport:
    """Writes the export to ``target``, each file atomically: a folder for CSV (one file per
    kind, made if need be; a file ending in .csv for one kind), a file otherwise."""
    if fmt != "csv" or (target.suffix.lower() == ".csv" and len(selection.kinds) == 1):
        if target.is_dir():
            target = target / f"{selection.namespace}{FORMATS[fmt].suffix}"
        text, report = export_text(selection, fmt)
        write_text_file(target, text, CSV_ENCODING if fmt == "csv" else "utf-8")
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
    write_text_file(path, csv_text(columns, rows), CSV_ENCODING)


def write_text_file(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Writes an export's file atomically; ExportError says why it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode(encoding))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror})") from None


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
