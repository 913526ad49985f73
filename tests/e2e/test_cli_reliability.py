"""The command line under hostile input: bad queries, a held lock, a damaged index."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import cli


@pytest.fixture
def indexed(archive: Path) -> Path:
    assert cli("index", "--archive", str(archive)).returncode == 0
    return archive


@pytest.mark.parametrize(
    "query",
    [
        "date:[a TO b]",
        "date:[2015-13-45 TO 2016]",
        "date:[1900-02-29 TO 2014]",
        "date:0000",
        "(" * 5000 + "x" + ")" * 5000,
        b"num\xff*",
        b"id:caf\xe9",
    ],
    ids=[
        "range of words",
        "month 13",
        "29 February 1900",
        "year 0",
        "5,000 parentheses",
        "not UTF-8 in a wildcard",
        "not UTF-8 in id:",
    ],
)
def test_a_bad_query_is_one_line_and_exit_2(indexed: Path, query: str | bytes) -> None:
    run = cli("search", "--archive", str(indexed), "--", query)
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("archive-gui: ")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("query", ["date:[2014 TO ]", "date:[* TO *]", "NOT NOT numergy"])
def test_open_ranges_and_double_negations_give_results(indexed: Path, query: str) -> None:
    run = cli("search", "--archive", str(indexed), "--", query)
    assert run.returncode == 0, run.stderr
    assert " results for " in run.stdout


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def lock_held(indexed: Path) -> Iterator[Path]:
    lock = indexed / "facts.yaml.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            yield lock
        finally:
            holder.kill()


@pytest.mark.usefixtures("lock_held")
def test_a_held_facts_lock_does_not_block_search_or_show(indexed: Path) -> None:
    search = cli("search", "--archive", str(indexed), "Cloudwatt")
    assert search.returncode == 0, search.stderr
    assert search.stdout.startswith("3 results")
    show = cli("show", "--archive", str(indexed), "numergy-repris-par-sfr")
    assert show.returncode == 0, show.stderr


def test_a_held_facts_lock_makes_a_save_fail_naming_it(indexed: Path, lock_held: Path) -> None:
    run = cli("extract", "--archive", str(indexed), "--save", "numergy-repris-par-sfr")
    assert run.returncode == 2, run.stderr
    assert str(lock_held) in run.stderr
    assert run.stderr.strip().count("\n") == 0


def test_index_finds_damage_that_searching_has_not_read(indexed: Path) -> None:
    (postings,) = (indexed / "index" / "whoosh").glob("*.pst")
    data = bytearray(postings.read_bytes())
    data[len(data) // 3] ^= 0x01
    postings.write_bytes(bytes(data))
    run = cli("index", "--archive", str(indexed))
    assert run.returncode == 0, run.stderr
    assert "Built the index of 5 articles" in run.stdout
    assert ".pst is damaged" in run.stdout
