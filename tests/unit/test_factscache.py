"""The JSON copy of a large facts file gives back exactly what the YAML holds, or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_gui.core.archive.yamlio import YamlProblem, load_yaml
from archive_gui.core.facts.cache import load_yaml_cached

TEXT = """\
schema: 1
deals:
- id: sfr-numergy
  date: 2015-12-02
  seen: 2015-12-02 10:30:00
  amount: 1.5e6
  stake: 100
  closed: true
  notes: "Guillemets « français » et apostrophe l'un"
  sellers: []
  extra: null
"""


def test_the_copy_gives_back_what_the_yaml_holds(tmp_path: Path) -> None:
    cache = tmp_path / "index" / "facts.json"
    first = load_yaml_cached(TEXT, cache, min_size=0)
    assert cache.is_file()
    second = load_yaml_cached(TEXT, cache, min_size=0)
    assert first == second == load_yaml(TEXT)
    deal = second["deals"][0]
    assert deal["date"] == dt.date(2015, 12, 2)
    assert deal["seen"] == dt.datetime(2015, 12, 2, 10, 30)
    assert isinstance(deal["stake"], int)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    cache = tmp_path / "facts.json"
    load_yaml_cached(TEXT, cache, min_size=0)
    changed = TEXT.replace("stake: 100", "stake: 80")
    assert load_yaml_cached(changed, cache, min_size=0)["deals"][0]["stake"] == 80


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"format": 1}', b"\xff\xfe"])
def test_a_damaged_copy_is_ignored_and_made_again(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "facts.json"
    load_yaml_cached(TEXT, cache, min_size=0)
    cache.write_bytes(damage)
    assert load_yaml_cached(TEXT, cache, min_size=0) == load_yaml(TEXT)
    assert cache.read_bytes() != damage


def test_data_json_would_change_is_not_copied(tmp_path: Path) -> None:
    cache = tmp_path / "facts.json"
    text = "figures:\n  2014: 12\n  2015: 14\n"
    assert load_yaml_cached(text, cache, min_size=0) == {"figures": {2014: 12, 2015: 14}}
    assert not cache.exists()


def test_malformed_yaml_is_a_problem_and_is_not_copied(tmp_path: Path) -> None:
    cache = tmp_path / "facts.json"
    with pytest.raises(YamlProblem):
        load_yaml_cached("deals: [\n", cache, min_size=0)
    assert not cache.exists()


def test_a_small_file_is_not_copied(tmp_path: Path) -> None:
    cache = tmp_path / "facts.json"
    load_yaml_cached(TEXT, cache)
    assert not cache.exists()


def test_a_folder_that_cannot_be_written_only_costs_the_copy(tmp_path: Path) -> None:
    blocker = tmp_path / "index"
    blocker.write_text("a file where the folder should be")
    assert load_yaml_cached(TEXT, blocker / "facts.json", min_size=0) == load_yaml(TEXT)
