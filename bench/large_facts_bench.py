"""Measures the command line on an archive whose facts file is large (tens of MB).

Run: ``.venv/bin/python bench/large_facts_bench.py [--copies 650] [--runs 3]``. It copies the
bundled archive and repeats its 74 curated records ``--copies`` times under new ids (the
references between them renamed alike), so the file has the bundled file's shape at any size;
650 copies make about 48,000 records and 50 MB. Each command runs in a fresh process; the
figures are its wall time and its peak resident memory, from the kernel (``wait4``). The first
command that loads the facts parses the YAML and keeps the cache; the others read the cache.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
COMMANDS = (
    ("show", "show", "sfr-rachete-numergy"),
    ("search", "search", "cloud souverain"),
    ("search (fact field)", "search", "acquirer:SFR"),
    ("facts --kind deal", "facts", "--kind", "deal"),
    ("check", "check"),
    ("export --format ftm", "export", "--format", "ftm"),
    ("export --format w3c", "export", "--format", "w3c"),
    ("export --format csv", "export", "--format", "csv", "--kind", "deal"),
)


def renamed(value: Any, ids: set[str], suffix: str) -> Any:
    """``value`` with every string that is a record id given ``suffix``."""
    if isinstance(value, dict):
        return {key: renamed(item, ids, suffix) for key, item in value.items()}
    if isinstance(value, list):
        return [renamed(item, ids, suffix) for item in value]
    if isinstance(value, str) and value in ids:
        return value + suffix
    return value


def large_facts(copies: int) -> dict[str, Any]:
    """The bundled facts repeated ``copies`` times under new ids."""
    data = yaml.safe_load((PROJECT / "facts.yaml").read_text(encoding="utf-8"))
    sections = [key for key, value in data.items() if isinstance(value, list)]
    ids = {record["id"] for key in sections for record in data[key]}
    large: dict[str, Any] = {key: value for key, value in data.items() if key not in sections}
    for key in sections:
        large[key] = [
            renamed(record, ids, f"-{copy}") if copy else record
            for copy in range(copies)
            for record in data[key]
        ]
    return large


def run(archive: Path, args: tuple[str, ...]) -> tuple[float, float, int]:
    """Seconds and peak MB of one command in a fresh process, and its exit status."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "archive_gui", args[0], *args[1:], "--archive", str(archive)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The facts cache goes beside the archive, not into the user's cache folder.
        env={**os.environ, "XDG_CACHE_HOME": str(archive / "cache")},
    )
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def write_large_facts(path: Path, copies: int) -> None:
    """Writes the large facts file and prints its size (run in a child process, see main)."""
    facts = large_facts(copies)
    text = yaml.dump(
        facts,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
    )
    path.write_text(text, encoding="utf-8")
    records = sum(len(v) for v in facts.values() if isinstance(v, list))
    print(f"facts file: {records:,} records, {len(text.encode()) / 1e6:.1f} MB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=650)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-facts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_facts:
        write_large_facts(args.write_facts, args.copies)
        return 0
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder)
        shutil.copytree(PROJECT / "articles", archive / "articles")
        # A forked child's peak memory starts from its parent's, so the file is made in a
        # child of its own and this process stays small.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--copies",
                str(args.copies),
                "--write-facts",
                str(archive / "facts.yaml"),
            ],
            check=True,
        )
        seconds, peak, status = run(archive, ("index",))
        print(f"{'index (first build)':22} {seconds:6.2f} s {peak:7.0f} MB  exit {status}")
        print(f"{'command':22} {'median':>8} {'max':>8} {'peak MB':>8}  exit")
        for name, *command in COMMANDS:
            runs = [run(archive, tuple(command)) for _ in range(args.runs)]
            times = [r[0] for r in runs]
            print(
                f"{name:22} {statistics.median(times):7.2f}s {max(times):7.2f}s "
                f"{max(r[1] for r in runs):8.0f}  {runs[-1][2]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
