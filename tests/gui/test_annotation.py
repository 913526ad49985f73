"""Annotating in the window: every edit saved at once, undone and redone, never lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from archive_gui.core.facts.records import Company, Deal, Person
from archive_gui.core.library import Library
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.record_editor import RecordEditDialog
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import ScriptedDialogs, on_disk, press


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def open_window(
    make_window: WindowFactory, dialogs: ScriptedDialogs, tmp_path: Path
) -> Callable[[], MainWindow]:
    """Opens windows on the archive, each an instance of its own, answered by ``dialogs``."""
    count = [0]

    def make() -> MainWindow:
        count[0] += 1
        return make_window(dialogs, tmp_path / f"instance{count[0]}.ini")

    return make


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    return open_window()


def select_text(window: MainWindow, article_id: str, words: str) -> tuple[int, int]:
    window.open_article(article_id)
    start = window.reader.article.text.index(words)  # type: ignore[union-attr]
    window.reader.select(start, start + len(words))
    return start, start + len(words)


def test_new_company_from_the_selection_is_saved_and_undone(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    select_text(window, "sfr-rachete-numergy", "HPE Discover")
    dialogs.fill = lambda dialog: None  # OK on what the selection prefilled
    press(window, "Ctrl+Shift+C")
    assert dialogs.edited == [("New company from the selection", "")]
    record = window.fact_panel.current_record()
    assert isinstance(record, Company)
    assert record.name == "HPE Discover"
    assert record.evidence[0].anchor.quote == "HPE Discover"
    assert on_disk(archive).by_name("HPE Discover") is not None
    press(window, "Ctrl+Z")
    assert window.library.store.by_name("HPE Discover") is None
    assert on_disk(archive).by_name("HPE Discover") is None
    press(window, "Ctrl+Shift+Z")
    assert on_disk(archive).by_name("HPE Discover") is not None


def test_the_reader_context_menu_offers_the_annotations(window: MainWindow) -> None:
    select_text(window, "numergy-repris-par-sfr", "Patrick Drahi")
    texts = [a.text() for a in window.reader._context_actions]
    assert "New Person from Selection" in texts
    assert all(a.isEnabled() for a in window.annotator.new_actions.values())
    window.reader.select(0, 0)
    assert not window.annotator.attach_action.isEnabled()


def test_attach_the_selection_to_a_record(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    start, end = select_text(window, "plan-social-chez-fluxus", "Des fondations solides")
    before = len(window.library.store["fluxus-restructuring-2002"].evidence)
    dialogs.picks.append("fluxus-restructuring-2002")
    press(window, "Ctrl+Shift+A")
    evidence = on_disk(archive)["fluxus-restructuring-2002"].evidence
    assert len(evidence) == before + 1
    assert (evidence[-1].anchor.start, evidence[-1].anchor.end) == (start, end)
    press(window, "Ctrl+Z")
    assert len(on_disk(archive)["fluxus-restructuring-2002"].evidence) == before


def test_attach_the_selection_as_evidence_of_one_field(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    window.fact_panel.select_record("sfr-takes-over-numergy")
    select_text(window, "numergy-repris-par-sfr", "le 2 décembre")
    fields = list(window.library.store["sfr-takes-over-numergy"].__class__.__dataclass_fields__)
    assert "announced" in fields
    from archive_gui.core.facts.editing import editable_fields

    dialogs.choices.append(
        editable_fields(window.library.store["sfr-takes-over-numergy"]).index("announced")
    )
    press(window, "Ctrl+Shift+F")
    deal = on_disk(archive)["sfr-takes-over-numergy"]
    assert deal.evidence[-1].fields == ("announced",)
    assert deal.evidence[-1].anchor.quote == "le 2 décembre"


def test_edit_a_record_in_its_dialog(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    window.fact_panel.select_record("sfr-takes-over-numergy")

    def fill(dialog: RecordEditDialog) -> None:
        dialog.editor("amount").setText("150 000 000 EUR")  # type: ignore[union-attr]
        notes = dialog.editor("notes")
        assert isinstance(notes, QPlainTextEdit)
        notes.setPlainText("Montant selon la presse.")

    dialogs.fill = fill
    press(window, "Ctrl+E")
    deal = on_disk(archive)["sfr-takes-over-numergy"]
    assert isinstance(deal, Deal)
    assert deal.amount is not None
    assert deal.notes == "Montant selon la presse."
    # The undo menu names the record as a person knows it, not by its id.
    assert window.undo_action.text() == "&Undo Edit SFR → Numergy (takeover)"
    press(window, "Ctrl+Z")
    assert on_disk(archive)["sfr-takes-over-numergy"].notes != "Montant selon la presse."


def test_a_bad_value_is_refused_in_the_dialog(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    before = (archive / "facts.yaml").read_text("utf-8")
    window.fact_panel.select_record("sfr-takes-over-numergy")
    dialogs.fill = lambda dialog: dialog.editor("stake_after").setText("101")  # type: ignore[union-attr]
    press(window, "Ctrl+E")
    assert (archive / "facts.yaml").read_text("utf-8") == before
    assert not window.undo_action.isEnabled()


def test_delete_a_record_after_showing_who_refers_to_it(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    window.fact_panel.select_record("atos")
    dialogs.confirms.append(True)
    press(window, "Ctrl+Shift+Del")
    assert "SFR → Numergy" in dialogs.asked[-1]
    store = on_disk(archive)
    assert "atos" not in store
    assert [s.company for s in store["sfr-takes-over-numergy"].sellers] == ["caisse-des-depots"]  # type: ignore[attr-defined]
    press(window, "Ctrl+Z")
    assert "atos" in on_disk(archive)


def test_remove_one_passage(window: MainWindow, dialogs: ScriptedDialogs, archive: Path) -> None:
    window.fact_panel.select_record("numergy")
    before = len(on_disk(archive)["numergy"].evidence)
    dialogs.choices.append(0)
    press(window, "Ctrl+Shift+R")
    assert len(on_disk(archive)["numergy"].evidence) == before - 1
    press(window, "Ctrl+Z")
    assert len(on_disk(archive)["numergy"].evidence) == before


def test_merge_two_records(window: MainWindow, dialogs: ScriptedDialogs, archive: Path) -> None:
    select_text(window, "sfr-rachete-numergy", "HPE Discover")
    dialogs.fill = lambda dialog: None
    press(window, "Ctrl+Shift+C")
    duplicate = window.fact_panel.current_record()
    assert duplicate is not None
    dialogs.picks.append("hp")
    press(window, "Ctrl+Shift+M")
    store = on_disk(archive)
    assert duplicate.id not in store
    assert "HPE Discover" in store["hp"].aliases  # type: ignore[attr-defined]
    press(window, "Ctrl+Z")
    assert duplicate.id in on_disk(archive)


def test_article_notes_and_tags_are_shown_and_searchable(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    window.open_article("plan-social-chez-fluxus")

    def fill(dialog: RecordEditDialog) -> None:
        dialog.editor("notes").setPlainText("À recouper avec le bilan 2001.")  # type: ignore[union-attr]
        dialog.editor("tags").setText("restructuration, à-vérifier")  # type: ignore[union-attr]

    dialogs.fill = fill
    press(window, "Ctrl+Shift+N")
    assert "À recouper avec le bilan 2001." in window.reader.header.text()
    assert "#restructuration" in window.reader.header.text()
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=10_000)
    window.search_pane.set_query("tag:restructuration")
    qtbot.waitUntil(lambda: window.search_pane.status.text() == "1 result", timeout=10_000)
    window.search_pane.set_query("note:bilan")
    qtbot.waitUntil(lambda: window.search_pane.status.text() == "1 result", timeout=10_000)


def test_the_review_queue_accepts_candidates_with_undo(
    qtbot: QtBot, open_window: Any, archive: Path
) -> None:
    facts = archive / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace(
            "- id: fluxus\n", "- id: fluxus\n  review: candidate\n", 1
        ),
        "utf-8",
    )
    window = open_window()
    assert window.left_tabs.tabText(2) == "Review (1)"
    queue = window.review_queue
    assert queue.select_record("fluxus")
    queue.accept_button.click()
    assert on_disk(archive)["fluxus"].review == "confirmed"
    assert window.left_tabs.tabText(2) == "Review"
    press(window, "Ctrl+Z")
    assert on_disk(archive)["fluxus"].review == "candidate"
    assert window.left_tabs.tabText(2) == "Review (1)"


def test_a_change_on_disk_is_reloaded(qtbot: QtBot, window: MainWindow, archive: Path) -> None:
    facts = archive / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace("name: Numergy\n", "name: Numergy SAS\n", 1), "utf-8"
    )
    qtbot.waitUntil(lambda: window.library.store["numergy"].name == "Numergy SAS", timeout=10_000)  # type: ignore[attr-defined]
    assert "reloaded" in window.statusBar().currentMessage()
    window.fact_panel.select_record("numergy")
    assert "Numergy SAS" in window.fact_panel.tab("company").detail.toPlainText()


def test_a_conflicting_edit_is_shown_never_overwritten(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    other = Library.open(archive)
    from archive_gui.core.facts.editing import edit_field

    other.commit([edit_field(other.store, "sfr-takes-over-numergy", "notes", "the other instance")])
    window.fact_panel.select_record("sfr-takes-over-numergy")
    dialogs.fill = lambda dialog: dialog.editor("notes").setPlainText("mine")  # type: ignore[union-attr]
    window.annotator.edit_record()
    assert on_disk(archive)["sfr-takes-over-numergy"].notes == "the other instance"
    assert window.error_box is not None
    assert "changed on disk" in window.error_box.text()
    assert window.library.store["sfr-takes-over-numergy"].notes == "the other instance"
    assert not window.undo_action.isEnabled()


def test_a_malformed_facts_file_opens_read_only(
    qtbot: QtBot, open_window: Any, archive: Path
) -> None:
    facts = archive / "facts.yaml"
    broken = facts.read_text("utf-8").replace("kind: takeover", "kind: heist", 1)
    facts.write_text(broken, "utf-8")
    window = open_window()
    assert window.library.read_only
    message = window.problem_line.full_text()
    assert "read-only" in message
    assert "facts.yaml:" in message
    assert "unknown kind 'heist'" in message
    select_text(window, "numergy-repris-par-sfr", "Patrick Drahi")
    assert not window.annotator.new_actions["person"].isEnabled()
    press(window, "Ctrl+Shift+P")
    assert facts.read_text("utf-8") == broken


def test_two_windows_on_one_archive(
    qtbot: QtBot, open_window: Any, dialogs: ScriptedDialogs, archive: Path
) -> None:
    first, second = open_window(), open_window()
    dialogs.answers.append(1)  # a company although a person has the name
    dialogs.fill = lambda dialog: None
    select_text(first, "numergy-repris-par-sfr", "Patrick Drahi")
    first.annotator.new_from_selection("company")
    select_text(second, "sfr-rachete-numergy", "HPE Discover")
    second.annotator.new_from_selection("company")
    store = on_disk(archive)
    assert store.by_name("HPE Discover") is not None
    drahis = [r for r in store if isinstance(r, Company | Person) and r.name == "Patrick Drahi"]
    assert len(drahis) == 2  # the curated person and the company the first window made
    qtbot.waitUntil(lambda: first.library.store.by_name("HPE Discover") is not None, timeout=10_000)


def test_keyboard_undo_and_redo_are_in_the_edit_menu(window: MainWindow) -> None:
    menu = next(
        m
        for m in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        if m.title() == "&Edit"
    )
    shortcuts = {
        a.text().split(" ")[0].replace("&", ""): a.shortcut().toString() for a in menu.actions()
    }
    assert shortcuts["Undo"] == "Ctrl+Z"
    assert shortcuts["Redo"] == "Ctrl+Shift+Z"
    _ = Qt  # keep the Qt import for key names in other tests


# --- Records made from a selection: prefilled, complete, not repeated ------------------------


def choose_company(dialog: RecordEditDialog, field: str, name: str) -> None:
    combo = dialog.editor(field)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText(name))


def test_new_deal_from_a_word_opens_its_editor_and_needs_both_parties(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    before = (archive / "facts.yaml").read_text("utf-8")
    select_text(window, "numergy-repris-par-sfr", "Numergy")
    dialogs.fill = lambda dialog: None  # OK at once, as the shortcut used to save
    press(window, "Ctrl+Shift+D")
    assert dialogs.edited == [
        ("New deal from the selection", "Acquirer: a deal needs an acquirer and a target")
    ]
    assert (archive / "facts.yaml").read_text("utf-8") == before
    assert not any("? → ?" in r.label for r in window.library.store)
    assert not window.undo_action.isEnabled()

    def fill(dialog: RecordEditDialog) -> None:
        choose_company(dialog, "acquirer", "SFR")
        choose_company(dialog, "target", "Numergy")

    dialogs.fill = fill
    press(window, "Ctrl+Shift+D")
    deal = window.fact_panel.current_record()
    assert isinstance(deal, Deal)
    assert (deal.acquirer, deal.target, deal.kind) == ("sfr", "numergy", "acquisition")
    assert deal.id == "sfr-acquisition-numergy"
    assert deal.evidence[0].anchor.quote == "Numergy"
    assert on_disk(archive)[deal.id].label == "sfr → numergy (acquisition)"
    press(window, "Ctrl+Z")
    assert deal.id not in on_disk(archive)


def test_a_cancelled_new_record_adds_nothing(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    before = (archive / "facts.yaml").read_text("utf-8")
    select_text(window, "plan-social-chez-fluxus", "Des fondations solides")
    dialogs.cancel = True
    for shortcut in ("Ctrl+Shift+E", "Ctrl+Shift+G", "Ctrl+Shift+P"):
        press(window, shortcut)
    assert (archive / "facts.yaml").read_text("utf-8") == before
    assert not window.undo_action.isEnabled()
    assert [title for title, _ in dialogs.edited] == [
        "New event from the selection",
        "New figure from the selection",
        "New person from the selection",
    ]


def test_new_company_on_a_known_alias_offers_to_attach_to_it(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    companies = len(window.library.store.of_kind("company"))
    before = len(window.library.store["hp"].evidence)
    start, end = select_text(window, "sfr-rachete-numergy", "HPE")
    dialogs.answers.append(0)  # "Attach to HP"
    press(window, "Ctrl+Shift+C")
    assert "“HPE” already names the company “HP”" in dialogs.asked[-1]
    assert "Attach to HP" in dialogs.asked[-1]
    assert dialogs.edited == []  # no editor: nothing new is made
    store = on_disk(archive)
    assert len(store.of_kind("company")) == companies
    evidence = store["hp"].evidence
    assert len(evidence) == before + 1
    assert (evidence[-1].anchor.start, evidence[-1].anchor.end) == (start, end)
    assert window.fact_panel.current_record().id == "hp"  # type: ignore[union-attr]

    dialogs.answers.append(None)  # Cancel: nothing at all
    press(window, "Ctrl+Shift+C")
    assert len(on_disk(archive)["hp"].evidence) == before + 1

    dialogs.answers.append(1)  # "New company anyway": its editor opens
    dialogs.fill = lambda dialog: dialog.editor("name").setText("HPE")  # type: ignore[union-attr]
    press(window, "Ctrl+Shift+C")
    assert len(on_disk(archive).of_kind("company")) == companies + 1


def test_attach_picker_preselects_the_record_the_selection_names(
    window: MainWindow, dialogs: ScriptedDialogs, archive: Path
) -> None:
    select_text(window, "sfr-rachete-numergy", "HPE")
    dialogs.picks.append("hp")
    press(window, "Ctrl+Shift+A")
    assert dialogs.asked[-1] == "Attach “HPE” to a record"
    assert dialogs.preselected[-1] == "hp"

    # Words inside a record's passage name that record.
    select_text(window, "plan-social-chez-fluxus", "Des fondations solides")
    dialogs.picks.append(None)
    press(window, "Ctrl+Shift+A")
    here = window.library.store.records_at(
        "plan-social-chez-fluxus",
        *window.reader.selection(),  # type: ignore[misc]
    )
    assert dialogs.preselected[-1] == (here[0].id if here else None)
    assert dialogs.asked[-1] == "Attach “Des fondations solides” to a record"


def test_a_rejected_candidate_is_remembered_in_the_file(open_window: Any, archive: Path) -> None:
    facts = archive / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace(
            "- id: fluxus\n", "- id: fluxus\n  review: candidate\n", 1
        ),
        "utf-8",
    )
    window = open_window()
    queue = window.review_queue
    assert queue.select_record("fluxus")
    assert "does not propose it again" in queue.reject_button.toolTip()
    queue.reject_button.click()
    store = on_disk(archive)
    assert "fluxus" not in store
    assert [(r.kind, r.key) for r in store.of_kind("rejection")] == [("company", "fluxus")]  # type: ignore[attr-defined]
    assert window.left_tabs.tabText(2) == "Review"
    press(window, "Ctrl+Z")
    store = on_disk(archive)
    assert "fluxus" in store
    assert store.of_kind("rejection") == []
