"""Every edit is saved at once; a crash, another instance or an editor loses nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.editing import RecordChange, edit_field
from archive_gui.core.facts.file import load_facts
from archive_gui.core.facts.records import Company
from archive_gui.core.facts.session import EditConflictError, ReadOnlyError
from archive_gui.core.library import Library


def on_disk(archive: Path):  # type: ignore[no-untyped-def]
    loaded = load_facts(archive / "facts.yaml", load_articles(archive / "articles").articles)
    assert loaded.errors == []
    return loaded.store


def test_an_edit_is_saved_at_once_with_a_backup(archive: Path) -> None:
    before = (archive / "facts.yaml").read_text("utf-8")
    library = Library.open(archive)
    library.commit([edit_field(library.store, "numergy", "notes", "Vérifié le 23 novembre.")])
    assert on_disk(archive)["numergy"].notes == "Vérifié le 23 novembre."
    assert (archive / "facts.yaml.bak").read_text("utf-8") == before


def test_undo_is_saved_too(archive: Path) -> None:
    before = (archive / "facts.yaml").read_text("utf-8")
    library = Library.open(archive)
    change = edit_field(library.store, "numergy", "notes", "x")
    library.commit([change])
    library.commit([change], forward=False)
    assert (archive / "facts.yaml").read_text("utf-8") == before


def test_a_change_on_disk_is_kept_when_an_edit_touches_other_records(archive: Path) -> None:
    mine, theirs = Library.open(archive), Library.open(archive)
    theirs.commit([edit_field(theirs.store, "sfr", "notes", "from the other instance")])
    mine.commit([edit_field(mine.store, "numergy", "notes", "mine")])
    store = on_disk(archive)
    assert store["sfr"].notes == "from the other instance"
    assert store["numergy"].notes == "mine"
    assert mine.store["sfr"].notes == "from the other instance"


def test_a_conflicting_edit_is_refused_and_the_disk_version_shown(archive: Path) -> None:
    mine, theirs = Library.open(archive), Library.open(archive)
    assert mine.store["numergy"].notes != "theirs"  # mine has read the facts, as a window has
    theirs.commit([edit_field(theirs.store, "numergy", "notes", "theirs")])
    with pytest.raises(EditConflictError, match="numergy changed on disk"):
        mine.commit([edit_field(mine.store, "numergy", "notes", "mine")])
    assert on_disk(archive)["numergy"].notes == "theirs"
    assert mine.store["numergy"].notes == "theirs"


def test_a_change_on_disk_is_noticed_and_reloaded(archive: Path) -> None:
    library = Library.open(archive)
    assert not library.facts.reload_if_changed()
    path = archive / "facts.yaml"
    path.write_text(
        path.read_text("utf-8").replace("name: Numergy\n", "name: Numergy SAS\n", 1), "utf-8"
    )
    store = library.store
    assert library.facts.reload_if_changed()
    assert library.store is store  # the same store, reloaded: views keep their model
    assert store["numergy"].name == "Numergy SAS"  # type: ignore[attr-defined]


def test_a_malformed_file_is_read_only_and_never_overwritten(archive: Path) -> None:
    path = archive / "facts.yaml"
    broken = path.read_text("utf-8").replace("kind: takeover", "kind: [takeover", 1)
    path.write_text(broken, "utf-8")
    library = Library.open(archive)
    assert library.read_only
    assert "facts.yaml:" in library.facts.read_only_reason()
    new = Company(id="free", name="Free")
    with pytest.raises(ReadOnlyError, match="read-only"):
        library.commit([RecordChange(new.id, None, new)])
    assert path.read_text("utf-8") == broken
    assert not (archive / "facts.yaml.bak").exists()


EDITOR = """
import sys
from pathlib import Path
from archive_gui.core.facts.editing import RecordChange, edit_field
from archive_gui.core.facts.records import Company
from archive_gui.core.library import Library
library = Library.open(Path(sys.argv[1]))
record, n = sys.argv[2], 0
print("ready", flush=True)
while True:
    n += 1
    library.commit([edit_field(library.store, record, "notes", f"edit {n}")])
    if len(sys.argv) > 3 and n >= int(sys.argv[3]):
        break
"""


def test_killing_the_app_while_it_saves_never_leaves_a_broken_file(archive: Path) -> None:
    original = on_disk(archive)["numergy"].notes
    rng = random.Random(1)
    for _ in range(25):
        child = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(archive), "numergy"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        store = on_disk(archive)  # loads with no error, every time
        assert len(store) == 74
        notes = store["numergy"].notes
        assert notes == original or notes.startswith("edit ")
    leftovers = [p.name for p in archive.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 25  # a killed save may leave its temporary file, never a broken one


def test_two_instances_editing_at_once_lose_nothing(archive: Path) -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(archive), record, "15"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for record in ("sfr", "numergy")
    ]
    for run in runs:
        _, errors = run.communicate(timeout=120)
        assert run.returncode == 0, errors
    store = on_disk(archive)
    assert store["sfr"].notes == "edit 15"
    assert store["numergy"].notes == "edit 15"


def test_a_new_figure_from_a_selection_saves_a_file_that_loads(archive: Path) -> None:
    from archive_gui.core.facts.editing import new_record

    library = Library.open(archive)
    article = library.articles["plan-social-chez-fluxus"]
    start = article.text.index("13 millions")
    change = new_record(library.store, "figure", article, start, start + len("13 millions"))
    library.commit([change])
    assert change.record_id in on_disk(archive)


def test_merging_a_record_into_its_parent_leaves_no_dangling_reference(archive: Path) -> None:
    from archive_gui.core.facts.editing import merge_records

    library = Library.open(archive)
    assert library.store["fluxus"].parent == "bt-ignite"  # type: ignore[attr-defined]
    library.commit(merge_records(library.store, "fluxus", "bt-ignite"))
    store = on_disk(archive)
    assert "bt-ignite" not in store
    assert store["fluxus"].parent is None
    assert not [r for r in store if any(ref == "bt-ignite" for _, ref in r.references())]


def test_an_edit_the_file_could_not_load_back_is_refused(archive: Path) -> None:
    from archive_gui.core.facts.editing import EditError, edit_fields

    before = (archive / "facts.yaml").read_text("utf-8")
    library = Library.open(archive)
    change = edit_fields(
        library.store, "fluxus-revenue-2000-frf", {"metric": "stake", "value": "250", "unit": "%"}
    )
    with pytest.raises(EditError, match="bad percentage 250"):
        library.commit([change])
    assert (archive / "facts.yaml").read_text("utf-8") == before
    assert library.store["fluxus-revenue-2000-frf"].metric == "revenue"  # type: ignore[attr-defined]


def test_a_failed_save_leaves_memory_as_the_disk_is(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    library = Library.open(archive)
    change = edit_field(library.store, "numergy", "notes", "never saved")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        library.commit([change])
    monkeypatch.undo()
    assert library.store["numergy"].notes == on_disk(archive)["numergy"].notes


def test_an_event_naming_a_person_loads_and_can_still_be_edited(archive: Path) -> None:
    """Loading lets an event's entities name a person (written so by hand); the check before
    a save allowed only companies, so every edit of such an event was refused."""
    import dataclasses

    from archive_gui.core.facts.editing import edit_field
    from archive_gui.core.facts.file import save_facts
    from archive_gui.core.facts.records import Event
    from archive_gui.core.facts.session import FactsSession

    path = archive / "facts.yaml"
    articles = load_articles(archive / "articles").articles
    store = load_facts(path, articles).store
    event = next(r for r in store if isinstance(r, Event))
    store.replace(dataclasses.replace(event, entities=[*event.entities, "patrick-drahi"]))
    save_facts(path, store)
    session = FactsSession.open(path, articles)
    assert session.problems == []
    session.commit([edit_field(session.store, event.id, "tags", "à suivre")])
    assert on_disk(archive)[event.id].tags == ["à suivre"]
