"""File > Export…, Export Search Results… and Import Annotations… as a user works them."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from archive_gui.core.exchange.selection import select
from archive_gui.core.exchange.webannotation import annotation_collection
from archive_gui.core.library import Library
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.exchange import ExportDialog
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.workers import RESULT_LIMIT
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import menu_of, on_disk, search, write_hosting_articles


class ExchangeDialogs(Dialogs):
    """Fills the Export dialog as the test says and answers the file dialogs."""

    def __init__(self) -> None:
        self.fill: Callable[[ExportDialog], None] = lambda dialog: None
        self.shown: list[str] = []
        self.open: list[Path] = []
        self.save_to: Path | None = None
        self.folder: Path | None = None

    def run(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, ExportDialog)
        self.shown.append(dialog.search_box.text())
        self.fill(dialog)
        dialog.accept()
        return True

    def open_files(self, parent: object, title: str, filters: str) -> list[Path]:
        return self.open

    def save_file(self, parent: object, title: str, suggested: Path, filters: str) -> Path | None:
        return self.save_to

    def choose_folder(self, parent: object, title: str) -> Path | None:
        return self.folder


def choose(dialog: ExportDialog, fmt: str, target: Path, kind: str | None = None) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(kind))
    dialog.target_edit.setText(str(target))


def summary(qtbot: QtBot, window: MainWindow) -> str:
    """The text of the box that says an export or import is over."""
    qtbot.waitUntil(lambda: window.exchange.summary_box is not None, timeout=30_000)
    box = window.exchange.summary_box
    assert box is not None
    return box.text()


def test_the_file_menu_offers_export_and_import(window: MainWindow) -> None:
    texts = [a.text() for a in menu_of(window).actions()]
    assert {"&Export…", "Export Search &Results…", "Import &Annotations…"} <= set(texts)
    assert not window.exchange.export_results_action.isEnabled()  # nothing searched yet


def test_export_ftm_from_the_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    dialogs = ExchangeDialogs()
    target = tmp_path / "out" / "facts.ftm.json"
    dialogs.fill = lambda dialog: choose(dialog, "ftm", target)
    window = make_window(dialogs)
    window.exchange.export_action.trigger()
    text = summary(qtbot, window)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert text.startswith(f"Exported {len(lines)} entities (ftm) to {target}.")
    assert "Left out:" in text
    assert "figures" in text
    assert json.loads(lines[0])["id"].startswith("archive.")  # the folder names the ids
    assert window.statusBar().currentMessage().startswith(f"Exported {len(lines)} entities")
    assert dialogs.shown == ["Only the articles of a search (search first)"]


def test_export_only_the_articles_of_the_search(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    dialogs = ExchangeDialogs()
    target = tmp_path / "drapeau.json"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, "json", target)
        dialog.search_box.setChecked(True)

    dialogs.fill = fill
    window = make_window(dialogs)
    search(qtbot, window, "drapeau")
    window.exchange.export_action.trigger()
    assert summary(qtbot, window).endswith(", from the articles the search «drapeau» finds.")
    assert dialogs.shown == ["Only the 1 article the search «drapeau» finds"]
    records = json.loads(target.read_text(encoding="utf-8"))
    assert records
    assert {p["article"] for r in records for p in r["evidence"]} == {
        "fluxus-passe-sous-drapeau-anglais"
    }


def test_csv_of_every_kind_goes_to_the_folder_chosen(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    dialogs = ExchangeDialogs()
    dialogs.folder = tmp_path / "tables"

    def fill(dialog: ExportDialog) -> None:
        choose(dialog, "csv", Path("unused"))
        dialog.choose_button.click()  # a folder, since CSV of every kind is one file a kind

    dialogs.fill = fill
    window = make_window(dialogs)
    window.exchange.export_action.trigger()
    assert "to 5 files in" in summary(qtbot, window)
    with (tmp_path / "tables" / "deals.csv").open(encoding="utf-8-sig", newline="") as handle:
        deals = list(csv.DictReader(handle))
    assert len(deals) == len(window.library.store.of_kind("deal"))


def test_the_listed_results_export_as_csv(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    dialogs = ExchangeDialogs()
    dialogs.save_to = tmp_path / "results.csv"
    window = make_window(dialogs)
    search(qtbot, window, "numergy")
    pane = window.search_pane
    assert window.exchange.export_results_action in pane.results.actions()  # its context menu
    assert pane.results.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert window.exchange.export_results_action.isEnabled()
    window.exchange.export_results_action.trigger()
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10_000)
    with dialogs.save_to.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    listed = pane.listed_hits()
    assert [r["id"] for r in rows] == [hit.id for hit in listed]
    assert list(rows[0]) == ["id", "title", "date", "publication", "score", "snippet"]
    assert rows[0]["title"] == listed[0].title
    assert "numergy" in rows[0]["snippet"].lower()
    assert window.statusBar().currentMessage().startswith(f"Exported {len(rows)} results")
    pane.clear()
    assert not window.exchange.export_results_action.isEnabled()


def test_the_listed_results_export_with_the_snippets_of_rows_never_shown(
    qtbot: QtBot, make_window: WindowFactory, archive: Path, tmp_path: Path
) -> None:
    """The list makes the snippets of the rows on screen only; the CSV has every row's."""
    write_hosting_articles(archive, RESULT_LIMIT + 10)
    dialogs = ExchangeDialogs()
    dialogs.save_to = tmp_path / "results.csv"
    window = make_window(dialogs)
    search(qtbot, window, "hebergeur")
    listed = window.search_pane.listed_hits()
    assert len(listed) == RESULT_LIMIT
    assert not listed[-1].snippets  # its row was never on screen
    window.exchange.export_results_action.trigger()
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10_000)
    with dialogs.save_to.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [hit.id for hit in listed]
    assert all("hébergeur" in row["snippet"].casefold() for row in rows)


def test_importing_annotations_is_one_undoable_edit(
    qtbot: QtBot, make_window: WindowFactory, archive: Path, tmp_path: Path
) -> None:
    """Another person's passages, imported into this archive whose facts are empty."""
    library = Library.open(archive)
    exported = tmp_path / "theirs.jsonld"
    collection = annotation_collection(select(library.store, library.articles))
    collection["first"]["items"][0]["target"]["source"] = "urn:x-archive-gui:article:gone"
    exported.write_text(json.dumps(collection), encoding="utf-8")
    library.close()
    (archive / "facts.yaml").write_text("schema: 1\n", encoding="utf-8")
    dialogs = ExchangeDialogs()
    dialogs.open = [exported]
    window = make_window(dialogs)
    window.exchange.import_annotations_action.trigger()
    text = summary(qtbot, window)
    assert "1 kept aside" in text
    assert "The records it made are candidates, in the Review tab." in text
    box = window.exchange.summary_box
    assert box is not None
    assert "its article 'gone' is not in this archive" in box.detailedText()
    assert len(list((archive / "kept-aside").iterdir())) == 1
    made = len(on_disk(archive).of_kind("deal"))
    assert made == len(window.library.store.of_kind("deal")) > 0
    assert window.left_tabs.tabText(window.left_tabs.indexOf(window.review_queue)).startswith(
        "Review ("
    )
    window.undo_action.trigger()
    assert len(on_disk(archive)) == 0
    assert window.undo_action.text() == "&Undo"  # one edit, all of it undone
    window.redo_action.trigger()
    assert len(on_disk(archive).of_kind("deal")) == made


def test_a_file_that_is_not_annotations_is_said_and_changes_nothing(
    qtbot: QtBot, make_window: WindowFactory, archive: Path, tmp_path: Path
) -> None:
    before = (archive / "facts.yaml").read_bytes()
    wrong = tmp_path / "notes.json"
    wrong.write_text('{"@context": "https://schema.org", "type": "Annotation"}', encoding="utf-8")
    dialogs = ExchangeDialogs()
    dialogs.open = [wrong]
    window = make_window(dialogs)
    window.exchange.import_annotations_action.trigger()
    qtbot.waitUntil(lambda: window.error_box is not None, timeout=30_000)
    box = window.error_box
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Import Annotations"
    assert 'its @context is "https://schema.org"' in box.text()
    assert (archive / "facts.yaml").read_bytes() == before
    assert window.exchange.import_annotations_action.isEnabled()  # ready for the next file
