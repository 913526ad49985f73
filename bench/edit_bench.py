"""Measures one edit of the facts: saved atomically, then the index brought up to date.

Run: ``.venv/bin/python bench/edit_bench.py [--runs N]``. On a copy of the bundled archive,
each run edits a record's notes (alternating records, so that one or two articles are
re-indexed), commits it through the library (lock, check of the file on disk, atomic save with
fsync and backup) and syncs the index; the figures are the time of each step and of both.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archive_gui.core.facts.editing import edit_field
from archive_gui.core.library import Library

PROJECT = Path(__file__).resolve().parents[1]
RECORDS = ("numergy", "sfr-takes-over-numergy", "fluxus", "patrick-drahi")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder)
        shutil.copytree(PROJECT / "articles", archive / "articles")
        shutil.copy(PROJECT / "facts.yaml", archive / "facts.yaml")
        library = Library.open(archive)
        library.ensure_index()
        save, index, total = [], [], []
        for run in range(args.runs):
            record = RECORDS[run % len(RECORDS)]
            began = time.perf_counter()
            library.commit([edit_field(library.store, record, "notes", f"note {run}")])
            saved = time.perf_counter()
            report = library.ensure_index()
            done = time.perf_counter()
            assert report.facts
            assert not report.rebuilt
            save.append((saved - began) * 1000)
            index.append((done - saved) * 1000)
            total.append((done - began) * 1000)
        library.close()

    def row(label: str, values: list[float]) -> None:
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{label:<40}{statistics.median(values):>9.1f}{p95:>9.1f}{values[-1]:>9.1f}")

    print(f"{args.runs} edits; ms{'':<32}{'p50':>9}{'p95':>9}{'max':>9}")
    row("save (lock, check disk, atomic write)", save)
    row("re-index the touched facts documents", index)
    row("edit saved and re-indexed", total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
