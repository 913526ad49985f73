"""Commands on a large facts file: those that need no facts do not read it, the rest read it
once and then from the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from archive_gui.core.archive.folder import ArchivePaths
from archive_gui.core.facts.cache import CACHE_FROM_BYTES
from tests.conftest import PROJECT
from tests.e2e.helpers import cli


def test_show_does_not_read_the_facts(bundled_archive: Path) -> None:
    (bundled_archive / "facts.yaml").write_text("companies: [\n", encoding="utf-8")
    shown = cli("show", "sfr-rachete-numergy", "--archive", str(bundled_archive))
    assert shown.returncode == 0
    assert shown.stderr == ""
    listed = cli("facts", "--archive", str(bundled_archive))
    assert "facts.yaml:1: malformed YAML" in listed.stderr


def test_a_large_facts_file_is_read_from_the_cache_the_second_time(bundled_archive: Path) -> None:
    facts = bundled_archive / "facts.yaml"
    shutil.copy(PROJECT / "facts.yaml", facts)
    # Long notes make the file large enough to be cached, with its records unchanged.
    text = facts.read_text(encoding="utf-8")
    padding = "x" * (CACHE_FROM_BYTES // 10)
    facts.write_text(text.replace("\n  name: ", f"\n  notes: {padding}\n  name: "), "utf-8")
    cache = ArchivePaths.open(bundled_archive).facts_cache
    first = cli("facts", "--json", "--archive", str(bundled_archive))
    assert first.returncode == 0, first.stderr
    assert cache.is_file()
    second = cli("facts", "--json", "--archive", str(bundled_archive))
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert any(record.get("notes") == padding for record in json.loads(first.stdout))
