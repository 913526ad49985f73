"""The editing widgets: the record editor, the record picker and the review queue.

They never change the store: the tests check what a user sees and the edit each one hands
over, by applying that edit to a copy of the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.anchors import make_anchor
from archive_gui.core.facts.editing import (
    Edit,
    RecordChange,
    apply_edit,
    field_text,
    form_fields,
)
from archive_gui.core.facts.extraction import Extractor
from archive_gui.core.facts.fields import DATE_PLACEHOLDER, DEAL_KINDS
from archive_gui.core.facts.records import (
    CANDIDATE,
    CONFIRMED,
    ArticleNote,
    Company,
    Deal,
    Evidence,
    FactStore,
    Figure,
    Person,
    Record,
    Rejection,
    article_note_id,
    rejected,
)
from archive_gui.core.library import Library
from archive_gui.core.text import fold
from archive_gui.ui.fact_models import RECORD_ID_ROLE
from archive_gui.ui.record_editor import RecordEditDialog
from archive_gui.ui.record_picker import (
    RecordListModel,
    RecordNameFilter,
    RecordPicker,
    record_line,
)
from archive_gui.ui.review_queue import ReviewQueue

NUMERGY_DEAL = "sfr-takes-over-numergy"
NUMERGY_ARTICLE = "numergy-repris-par-sfr"
DRAHI_OPERATOR = "l'opérateur de Patrick Drahi"


@pytest.fixture
def library(archive: Path) -> Library:
    """The bundled articles and curated facts, in a copy this test may change."""
    return Library.open(archive)


@pytest.fixture
def store(library: Library) -> FactStore:
    return library.store


def passage(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(make_anchor(article.id, article.text, start, start + len(quote)))


@pytest.fixture
def candidate_store(library: Library) -> FactStore:
    """The curated facts plus four records extraction could have proposed from an article."""
    store = library.store
    article = library.article(NUMERGY_ARTICLE)
    store.add(
        Company(
            id="operateur-de-patrick-drahi",
            name=DRAHI_OPERATOR,
            kind="operator",
            review=CANDIDATE,
            evidence=[passage(article, DRAHI_OPERATOR)],
        )
    )
    store.add(Company(id="ovh", name="OVH", kind="other", review=CANDIDATE))
    store.add(
        Person(
            id="thomas-pontiroli",
            name="Thomas Pontiroli",
            review=CANDIDATE,
            evidence=[passage(article, "Thomas Pontiroli")]
            if "Thomas Pontiroli" in article.text
            else [],
        )
    )
    store.add(
        Figure(
            id="atos-stake-2015",
            entity="atos",
            metric="stake",
            value=20,
            unit="%",
            printed="20 %",
            review=CANDIDATE,
            evidence=[passage(article, "20 %")],
        )
    )
    return store


def copy_of(store: FactStore) -> FactStore:
    return FactStore(record.copy() for record in store)


def applied(store: FactStore, edit: Edit) -> FactStore:
    """A copy of the store with the edit done: what the window's command would leave."""
    result = copy_of(store)
    apply_edit(result, edit)
    return result


def click_ok(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    ok.click()


def set_text(editor: QWidget, text: str) -> None:
    """Types a field's new text the way the user would leave it."""
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(text)
    elif isinstance(editor, QLineEdit):
        editor.setText(text)
    elif isinstance(editor, QComboBox):
        editor.setCurrentText(text)
    else:
        raise TypeError(editor)


# --- The record editor ------------------------------------------------------------------------


@pytest.fixture
def deal_dialog(qtbot: QtBot, store: FactStore) -> RecordEditDialog:
    dialog = RecordEditDialog(store, store[NUMERGY_DEAL])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_editor_shows_the_current_values(deal_dialog: RecordEditDialog, store: FactStore) -> None:
    dialog = deal_dialog
    deal = store[NUMERGY_DEAL]
    assert dialog.windowTitle() == "Edit deal: SFR → Numergy (takeover)"
    assert dialog.fields() == tuple(f.name for f in form_fields(deal))

    kind = dialog.editor("kind")
    assert isinstance(kind, QComboBox)
    assert not kind.isEditable()
    assert [kind.itemText(i) for i in range(kind.count())] == list(DEAL_KINDS)
    assert kind.currentText() == "takeover"

    acquirer = dialog.editor("acquirer")
    assert isinstance(acquirer, QComboBox)
    assert acquirer.isEditable()
    assert acquirer.currentText() == "SFR"
    names = {acquirer.itemText(i) for i in range(acquirer.count())}
    assert {"Numergy", "Orange", "Caisse des Dépôts"} <= names

    sellers = dialog.editor("sellers")
    assert isinstance(sellers, QPlainTextEdit)
    assert sellers.toPlainText() == "Caisse des Dépôts 33\nAtos 20"
    assert "Atos 20" in sellers.placeholderText()

    announced = dialog.editor("announced")
    assert isinstance(announced, QLineEdit)
    assert announced.text() == "2015-12-02"
    assert announced.placeholderText() == DATE_PLACEHOLDER
    assert dialog.field_texts()["stake_after"] == "100"
    terms = dialog.editor("terms")
    assert isinstance(terms, QPlainTextEdit)
    assert terms.toPlainText().startswith("SFR will keep Numergy going")
    assert dialog.field_texts()["notes"] == deal.notes
    assert dialog.error_label.isHidden()


def test_out_of_range_stake_shows_an_error_and_stays_open(
    qtbot: QtBot, deal_dialog: RecordEditDialog, store: FactStore
) -> None:
    dialog = deal_dialog
    before = copy_of(store)
    set_text(dialog.editor("status"), "closed")
    set_text(dialog.editor("stake_after"), "101")

    click_ok(dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.change is None
    assert not dialog.error_label.isHidden()
    assert "0 to 100" in dialog.error_label.text()
    assert dialog.error_label.text().startswith("Stake after:")
    assert dialog.error_field() == "stake_after"
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.editor("stake_after"))
    assert store[NUMERGY_DEAL] == before[NUMERGY_DEAL]

    # Corrected, the same dialog now gives the edit.
    set_text(dialog.editor("stake_after"), "80")
    click_ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.change is not None


def test_an_unknown_company_is_refused_at_its_field(deal_dialog: RecordEditDialog) -> None:
    set_text(deal_dialog.editor("target"), "Nobody Corp")
    click_ok(deal_dialog)
    assert deal_dialog.isVisible()
    assert deal_dialog.change is None
    assert "no company 'Nobody Corp'" in deal_dialog.error_label.text()
    assert deal_dialog.error_field() == "target"


def test_a_valid_edit_of_several_fields_gives_one_change(
    deal_dialog: RecordEditDialog, store: FactStore
) -> None:
    dialog = deal_dialog
    original = store[NUMERGY_DEAL]
    untouched = dataclasses.replace(original)
    set_text(dialog.editor("stake_after"), "80")
    set_text(dialog.editor("status"), "closed")
    set_text(dialog.editor("closed"), "2016-01")
    set_text(dialog.editor("sellers"), "Caisse des Dépôts 33\nAtos 20\nBull 5")
    set_text(dialog.editor("tags"), "sovereign cloud, consolidation")

    click_ok(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    change = dialog.change
    assert isinstance(change, RecordChange)
    assert change.record_id == NUMERGY_DEAL
    assert change.position == store.position(NUMERGY_DEAL)
    assert change.old is original
    assert change.old == untouched
    new = change.new
    assert isinstance(new, Deal)
    assert new.stake_after == 80
    assert new.status == "closed"
    assert new.closed == "2016-01"
    assert [(s.company, s.stake) for s in new.sellers] == [
        ("caisse-des-depots", 33),
        ("atos", 20),
        ("bull", 5),
    ]
    assert new.tags == ["consolidation", "sovereign cloud"]
    assert isinstance(original, Deal)
    assert (new.acquirer, new.target) == (original.acquirer, original.target)
    assert new.terms == original.terms
    # The dialog hands the change over; the store is the window's to change.
    assert store[NUMERGY_DEAL] is original
    assert original == untouched


@pytest.mark.parametrize(
    ("choose", "expected"),
    [
        pytest.param(lambda combo: combo.setCurrentIndex(combo.findText("Orange")), "orange",
                     id="picked-in-the-list"),
        pytest.param(lambda combo: combo.setEditText("orange"), "orange", id="typed-any-case"),
        pytest.param(lambda combo: combo.setEditText("Caisse des depots"), "caisse-des-depots",
                     id="typed-without-accents"),
    ],
)  # fmt: skip
def test_a_company_is_chosen_by_its_name(
    deal_dialog: RecordEditDialog, choose: Callable[[QComboBox], object], expected: str
) -> None:
    acquirer = deal_dialog.editor("acquirer")
    assert isinstance(acquirer, QComboBox)
    choose(acquirer)
    click_ok(deal_dialog)
    change = deal_dialog.change
    assert change is not None
    assert isinstance(change.new, Deal)
    assert change.new.acquirer == expected
    assert change.new.target == "numergy"


def test_the_company_completer_ignores_case(deal_dialog: RecordEditDialog) -> None:
    target = deal_dialog.editor("target")
    assert isinstance(target, QComboBox)
    completer = target.completer()
    assert completer is not None
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    completer.setCompletionPrefix("numer")
    assert completer.currentCompletion() == "Numergy"


@pytest.mark.parametrize(
    "retyped",
    [None, ("stake_after", "100.0"), ("closed", "  ")],
    ids=["untouched", "same-value", "blank"],
)
def test_ok_without_a_change_gives_no_change(
    deal_dialog: RecordEditDialog, retyped: tuple[str, str] | None
) -> None:
    if retyped is not None:
        set_text(deal_dialog.editor(retyped[0]), retyped[1])
    click_ok(deal_dialog)
    assert deal_dialog.result() == QDialog.DialogCode.Rejected
    assert deal_dialog.change is None
    assert deal_dialog.error_label.isHidden()


def test_a_new_deal_needs_its_acquirer_and_target(qtbot: QtBot, store: FactStore) -> None:
    article = store[NUMERGY_DEAL].evidence[0].anchor.article
    deal = Deal(id="deal-numergy", kind="acquisition", evidence=[store[NUMERGY_DEAL].evidence[0]])
    dialog = RecordEditDialog(store, deal, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "New deal from the selection"
    quote = " ".join(deal.evidence[0].anchor.quote.split())
    assert dialog.passage_label.text() == f"From the passage: «{quote}»"
    click_ok(dialog)
    assert dialog.isVisible()
    assert dialog.change is None
    assert dialog.error_label.text() == "Acquirer: a deal needs an acquirer and a target"
    assert dialog.error_field() == "acquirer"
    set_text(dialog.editor("acquirer"), "SFR")
    click_ok(dialog)
    assert dialog.error_field() == "target"
    set_text(dialog.editor("target"), "Numergy")
    click_ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    change = dialog.change
    assert change is not None
    assert change.old is None
    assert isinstance(change.new, Deal)
    assert (change.new.acquirer, change.new.target) == ("sfr", "numergy")
    assert change.record_id == change.new.id == "sfr-acquisition-numergy"
    assert change.new.evidence[0].anchor.article == article


def test_an_existing_deal_cannot_lose_its_target(deal_dialog: RecordEditDialog) -> None:
    set_text(deal_dialog.editor("target"), "")
    click_ok(deal_dialog)
    assert deal_dialog.change is None
    assert deal_dialog.error_field() == "target"
    assert "a deal needs a target" in deal_dialog.error_label.text()


def test_a_person_editor_says_how_to_write_roles(qtbot: QtBot, store: FactStore) -> None:
    dialog = RecordEditDialog(store, store["patrick-drahi"])
    qtbot.addWidget(dialog)
    roles = dialog.editor("roles")
    assert isinstance(roles, QPlainTextEdit)
    assert "title; organisation; when" in roles.placeholderText()
    assert roles.toPlainText() == field_text(store, store["patrick-drahi"], "roles")


def test_every_curated_record_opens_and_gives_no_change_unedited(
    qtbot: QtBot, store: FactStore
) -> None:
    """Every editor starts with what the core reads back: OK on any record changes nothing."""
    for record in store:
        if record.KIND == "article_note":
            continue
        dialog = RecordEditDialog(store, record)
        qtbot.addWidget(dialog)
        for field in dialog.fields():
            editor = dialog.editor(field)
            if not isinstance(editor, QComboBox) or not editor.isEditable():
                assert dialog.field_texts()[field] == field_text(store, record, field), field
        click_ok(dialog)
        assert dialog.change is None, record.id
        assert dialog.error_label.isHidden(), (record.id, dialog.error_label.text())


def test_a_company_editor_has_its_kinds_and_parent(qtbot: QtBot, store: FactStore) -> None:
    dialog = RecordEditDialog(store, store["bt-ignite"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit company: BT Ignite"
    parent = dialog.editor("parent")
    assert isinstance(parent, QComboBox)
    assert parent.currentText() == "British Telecom"
    assert isinstance(dialog.editor("aliases"), QPlainTextEdit)

    set_text(dialog.editor("aliases"), "BTI\nBT Ignite Solutions")
    set_text(dialog.editor("kind"), "host")
    click_ok(dialog)
    assert dialog.change is not None
    new = dialog.change.new
    assert isinstance(new, Company)
    assert (new.aliases, new.kind, new.parent) == (
        ["BTI", "BT Ignite Solutions"],
        "host",
        "british-telecom",
    )


# --- The record picker ------------------------------------------------------------------------


def shown_lines(picker: RecordPicker) -> list[str]:
    return [picker.proxy.index(row, 0).data() for row in range(picker.proxy.rowCount())]


@pytest.fixture
def picker(qtbot: QtBot, store: FactStore) -> RecordPicker:
    picker = RecordPicker(store)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    return picker


def test_picker_lists_records_of_every_kind(picker: RecordPicker, store: FactStore) -> None:
    lines = shown_lines(picker)
    assert len(lines) == len([r for r in store if r.KIND != "article_note"])
    assert "Company: Numergy" in lines
    assert "Deal: SFR → Numergy (takeover)" in lines
    assert "Person: Patrick Drahi" in lines
    assert picker.windowTitle() == "Choose a record"


def test_picker_filters_by_typed_words_and_picks_the_selection(
    qtbot: QtBot, picker: RecordPicker, store: FactStore
) -> None:
    qtbot.keyClicks(picker.filter_edit, "cloudwat")

    lines = shown_lines(picker)
    shown = [picker.proxy.index(row, 0).data(RECORD_ID_ROLE) for row in range(len(lines))]
    # What the line says or, for a figure like "Caisse des Dépôts stake: 33%", what its id says.
    expected = [r.id for r in store if "cloudwat" in fold(f"{record_line(r, store)} {r.id}")]
    assert sorted(shown) == sorted(expected)
    assert len(shown) >= 10
    assert all(
        "cloudwatt" in fold(line) or "cloudwatt" in id_
        for line, id_ in zip(lines, shown, strict=True)
    )
    assert "Company: Cloudwatt" in lines
    assert "Deal: Orange → Cloudwatt (takeover)" in lines
    # The first match is selected at once, so Enter picks it.
    assert picker.selected_id() == picker.proxy.index(0, 0).data(RECORD_ID_ROLE)

    assert picker.select_record("orange-takes-over-cloudwatt")
    click_ok(picker)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.selected_id() == "orange-takes-over-cloudwatt"


def test_picker_ignores_accents_and_case_and_needs_every_word(picker: RecordPicker) -> None:
    picker.filter_edit.setText("CAISSE DEPOTS numergy")
    # The figure's title does not name Numergy; its id does.
    assert shown_lines(picker) == ["Figure: Caisse des Dépôts stake 2015-12: 33 %"]
    picker.filter_edit.setText("État français company")
    assert shown_lines(picker) == ["Company: Etat français"]


def test_picker_finds_a_company_by_an_alias(picker: RecordPicker) -> None:
    picker.filter_edit.setText("francenet")
    assert shown_lines(picker) == ["Company: Fluxus"]
    assert picker.selected_id() == "fluxus"


def test_picker_enter_picks_and_arrows_move_from_the_filter(
    qtbot: QtBot, picker: RecordPicker
) -> None:
    qtbot.keyClicks(picker.filter_edit, "cloudwatt")
    assert shown_lines(picker)[:2] == ["Company: Cloudwatt", "Deal: Orange → Cloudwatt (takeover)"]
    assert picker.selected_id() == "cloudwatt"
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    assert picker.selected_id() == "orange-takes-over-cloudwatt"
    assert picker.filter_edit.hasFocus()
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Up)
    assert picker.selected_id() == "cloudwatt"

    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.selected_id() == "cloudwatt"


def test_picker_double_click_picks(qtbot: QtBot, picker: RecordPicker) -> None:
    picker.filter_edit.setText("numergy takeover")
    index = picker.proxy.index(0, 0)
    assert index.data() == "Deal: SFR → Numergy (takeover)"
    center = picker.view.visualRect(index).center()
    with qtbot.waitSignal(picker.accepted):
        # Qt 6's mouseDClick sends the second press only: a real double-click starts with one.
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert picker.selected_id() == NUMERGY_DEAL


def test_picker_with_nothing_matching_cannot_pick(picker: RecordPicker) -> None:
    picker.filter_edit.setText("zzz no such record")
    assert shown_lines(picker) == []
    assert picker.selected_id() is None
    assert not picker.ok_button.isEnabled()
    picker.accept()
    assert picker.isVisible()
    picker.filter_edit.clear()
    assert picker.selected_id() is not None
    assert picker.ok_button.isEnabled()


def test_picker_offers_only_the_kinds_asked_without_the_excluded(
    qtbot: QtBot, store: FactStore
) -> None:
    picker = RecordPicker(store, kinds=("company",), title="Merge into…", exclude=("numergy",))
    qtbot.addWidget(picker)
    lines = shown_lines(picker)
    assert picker.windowTitle() == "Merge into…"
    assert len(lines) == len(store.of_kind("company")) - 1
    assert all(line.startswith("Company: ") for line in lines)
    assert "Company: Numergy" not in lines
    assert lines == sorted(lines, key=fold)


def test_picker_lists_candidates_after_the_confirmed_records(
    qtbot: QtBot, candidate_store: FactStore
) -> None:
    picker = RecordPicker(candidate_store, kinds=("company", "person"))
    qtbot.addWidget(picker)
    lines = shown_lines(picker)
    candidates = [line for line in lines if line.endswith(" (candidate)")]
    assert candidates == [
        f"Company: {DRAHI_OPERATOR} (candidate)",
        "Company: OVH (candidate)",
        "Person: Thomas Pontiroli (candidate)",
    ]
    assert lines[-3:] == candidates  # all of them after the confirmed records
    assert "Company: Numergy" in lines
    ovh = picker.proxy.index(lines.index("Company: OVH (candidate)"), 0)
    assert ovh.data(Qt.ItemDataRole.FontRole).italic()
    picker.filter_edit.setText("candidate")
    assert shown_lines(picker) == candidates


def test_picker_preselects_the_record_asked(qtbot: QtBot, store: FactStore) -> None:
    picker = RecordPicker(store, title="Attach “HPE” to a record", preselect="hp")
    qtbot.addWidget(picker)
    assert picker.selected_id() == "hp"
    assert picker.windowTitle() == "Attach “HPE” to a record"
    # A record the list does not show: the first line is selected, as without one.
    other = RecordPicker(store, kinds=("deal",), preselect="hp")
    qtbot.addWidget(other)
    assert other.selected_id() == other.proxy.index(0, 0).data(RECORD_ID_ROLE)


def test_picker_models_pass_the_model_tester(qtmodeltester: ModelTester, store: FactStore) -> None:
    model = RecordListModel(store, lambda s: s.of_kind("figure"))
    qtmodeltester.check(model)
    proxy = RecordNameFilter()
    proxy.setSourceModel(model)
    proxy.set_filter_text("numergy")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < model.rowCount()


def test_pick_runs_the_dialog_modally(qtbot: QtBot, store: FactStore) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordPicker)
        dialog.filter_edit.setText("atos bull")
        click_ok(dialog)

    QTimer.singleShot(0, answer)
    assert RecordPicker.pick(store, kinds=("deal",)) == "atos-acquires-bull"

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordPicker)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert RecordPicker.pick(store) is None


# --- The review queue -------------------------------------------------------------------------


class AnsweredQueue(ReviewQueue):
    """The queue with its dialogs answered by the test instead of a user."""

    edit_values: dict[str, str] | None = None
    merge_target: str | None = None
    picked_for: list[Record]

    def _edit_dialog(self, record: Record) -> RecordEditDialog:
        dialog = RecordEditDialog(self.store, record, self)
        if self.edit_values is None:
            dialog.reject()
        else:
            for field, text in self.edit_values.items():
                set_text(dialog.editor(field), text)
            dialog.accept()
        return dialog

    def _pick_target(self, record: Record) -> str | None:
        self.picked_for = [*getattr(self, "picked_for", []), record]
        return self.merge_target


@pytest.fixture
def queue(qtbot: QtBot, candidate_store: FactStore) -> AnsweredQueue:
    queue = AnsweredQueue(candidate_store)
    qtbot.addWidget(queue)
    queue.show()
    qtbot.waitExposed(queue)
    return queue


def queue_lines(queue: ReviewQueue) -> list[str]:
    return [queue.model.index(row, 0).data() for row in range(queue.model.rowCount())]


def buttons_enabled(queue: ReviewQueue) -> list[bool]:
    return [button.isEnabled() for button in queue.action_buttons()]


def commit(qtbot: QtBot, queue: ReviewQueue, button_name: str) -> tuple[Edit, str]:
    button = getattr(queue, f"{button_name}_button")
    with qtbot.waitSignal(queue.commit_requested) as emitted:
        button.click()
    edit, description = emitted.args
    assert isinstance(edit, tuple)
    assert all(isinstance(change, RecordChange) for change in edit)
    return edit, description


def test_queue_shows_the_candidates_and_their_counts(queue: AnsweredQueue) -> None:
    assert queue.summary_label.text() == ("4 candidates to review: 2 companies, 1 person, 1 figure")
    assert queue_lines(queue) == [
        f"Company: {DRAHI_OPERATOR}",
        "Company: OVH",
        "Person: Thomas Pontiroli",
        "Figure: Atos stake: 20 %",
    ]
    assert queue.selected_id() is None
    assert buttons_enabled(queue) == [False] * 4


def test_queue_without_candidates_says_so(qtbot: QtBot, store: FactStore) -> None:
    queue = ReviewQueue(store)
    qtbot.addWidget(queue)
    assert queue.summary_label.text() == "No candidates to review"
    assert queue.model.rowCount() == 0
    assert buttons_enabled(queue) == [False] * 4


def test_selecting_a_candidate_asks_to_show_it(qtbot: QtBot, queue: AnsweredQueue) -> None:
    with qtbot.waitSignal(queue.record_selected) as selected:
        assert queue.select_record("ovh")
    assert selected.args == ["ovh"]
    assert buttons_enabled(queue) == [True] * 4
    assert not queue.select_record("numergy")  # confirmed: not in the queue


def test_accept_confirms_the_candidate_and_moves_to_the_next(
    qtbot: QtBot, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    queue.select_record("ovh")
    edit, description = commit(qtbot, queue, "accept")

    assert description == "Accept candidate OVH"
    assert len(edit) == 1
    after = applied(candidate_store, edit)
    assert after["ovh"].review == CONFIRMED
    assert dataclasses.replace(after["ovh"], review=CANDIDATE) == candidate_store["ovh"]
    assert candidate_store["ovh"].review == CANDIDATE  # the queue changed nothing itself

    # The window applies it, the queue follows the store: the next candidate comes up.
    with qtbot.waitSignal(queue.record_selected) as selected:
        apply_edit(candidate_store, edit)
    assert selected.args == ["thomas-pontiroli"]
    assert queue.summary_label.text().startswith("3 candidates to review: 1 company, 1 person")

    # Undone, the candidate is back and the user's place is kept.
    apply_edit(candidate_store, edit, forward=False)
    assert "Company: OVH" in queue_lines(queue)
    assert queue.selected_id() == "thomas-pontiroli"


def test_reject_deletes_the_candidate(
    qtbot: QtBot, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    queue.select_record("atos-stake-2015")
    edit, description = commit(qtbot, queue, "reject")

    assert description == "Reject candidate Atos stake: 20 %"
    after = applied(candidate_store, edit)
    assert "atos-stake-2015" not in after
    # One record fewer among the facts; its rejection is remembered instead.
    assert len([r for r in after if r.KIND != "rejection"]) == len(candidate_store) - 1

    apply_edit(candidate_store, edit)
    # The last candidate gone, the one before it is selected.
    assert queue.selected_id() == "thomas-pontiroli"
    assert queue.summary_label.text() == "3 candidates to review: 2 companies, 1 person"


def test_reject_is_remembered_and_undone_with_the_candidate(
    qtbot: QtBot, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    candidate = candidate_store["operateur-de-patrick-drahi"]
    queue.select_record(candidate.id)
    edit, _ = commit(qtbot, queue, "reject")
    after = applied(candidate_store, edit)
    assert candidate.id not in after
    [rejection] = after.of_kind("rejection")
    assert isinstance(rejection, Rejection)
    assert (rejection.kind, rejection.article) == ("company", NUMERGY_ARTICLE)
    assert rejected(after, candidate)  # extraction will not propose it again
    apply_edit(after, edit, forward=False)
    assert after.of_kind("rejection") == []
    assert after[candidate.id] == candidate


def test_edit_then_accept_is_one_edit(
    qtbot: QtBot, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    queue.edit_values = {"name": "OVHcloud", "kind": "cloud-provider", "country": "France"}
    queue.select_record("ovh")
    edit, description = commit(qtbot, queue, "edit")

    assert description == "Edit and accept candidate OVHcloud"
    assert len(edit) == 1
    assert edit[0].old is candidate_store["ovh"]
    after = applied(candidate_store, edit)
    ovh = after["ovh"]
    assert isinstance(ovh, Company)
    assert (ovh.name, ovh.kind, ovh.country, ovh.review) == (
        "OVHcloud",
        "cloud-provider",
        "France",
        CONFIRMED,
    )
    assert candidate_store["ovh"].review == CANDIDATE


def test_edit_cancelled_or_unchanged_asks_nothing(qtbot: QtBot, queue: AnsweredQueue) -> None:
    queue.select_record("ovh")
    with qtbot.assertNotEmitted(queue.commit_requested):
        queue.edit_values = None  # Cancel
        queue.edit_button.click()
        queue.edit_values = {}  # OK with nothing changed
        queue.edit_button.click()


def test_merge_puts_the_candidate_into_the_existing_record(
    qtbot: QtBot, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    candidate = candidate_store["operateur-de-patrick-drahi"]
    queue.merge_target = "sfr"
    queue.select_record(candidate.id)
    edit, description = commit(qtbot, queue, "merge")

    assert queue.picked_for == [candidate]
    assert description == f"Merge candidate {DRAHI_OPERATOR} into SFR"
    after = applied(candidate_store, edit)
    assert candidate.id not in after
    sfr = after["sfr"]
    assert isinstance(sfr, Company)
    assert sfr.name == "SFR"
    assert DRAHI_OPERATOR in sfr.aliases
    assert candidate.evidence[0] in sfr.evidence
    assert candidate.evidence[0] not in candidate_store["sfr"].evidence
    assert sfr.review == CONFIRMED


def test_merge_cancelled_asks_nothing(qtbot: QtBot, queue: AnsweredQueue) -> None:
    queue.merge_target = None
    queue.select_record("ovh")
    with qtbot.assertNotEmitted(queue.commit_requested):
        queue.merge_button.click()


def test_merge_target_is_picked_among_records_of_the_same_kind(
    qtbot: QtBot, candidate_store: FactStore
) -> None:
    """The real queue asks with a picker of the candidate's kind, without the candidate."""
    queue = ReviewQueue(candidate_store)
    qtbot.addWidget(queue)
    queue.select_record("ovh")
    offered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordPicker)
        offered.extend(shown_lines(dialog))
        dialog.filter_edit.setText("numergy")
        click_ok(dialog)

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(queue.commit_requested) as emitted:
        queue.merge_button.click()
    assert emitted.args[1] == "Merge candidate OVH into Numergy"
    assert all(line.startswith("Company: ") for line in offered)
    assert "Company: OVH" not in offered
    assert "Company: OVH (candidate)" not in offered
    assert "Company: Numergy" in offered
    # The other candidate comes last, after every confirmed company, and says what it is.
    assert offered[-1] == f"Company: {DRAHI_OPERATOR} (candidate)"
    assert not any(line.endswith("(candidate)") for line in offered[:-1])


def test_read_only_queue_disables_its_buttons(qtbot: QtBot, queue: AnsweredQueue) -> None:
    queue.select_record("ovh")
    queue.set_read_only(True)
    assert buttons_enabled(queue) == [False] * 4
    queue.select_record("thomas-pontiroli")
    assert buttons_enabled(queue) == [False] * 4
    queue.set_read_only(False)
    assert buttons_enabled(queue) == [True] * 4


def test_set_store_shows_another_archive(queue: AnsweredQueue, store: FactStore) -> None:
    queue.select_record("ovh")
    queue.set_store(FactStore(r for r in store if r.review == CONFIRMED))
    assert queue.summary_label.text() == "No candidates to review"
    assert queue.selected_id() is None
    assert buttons_enabled(queue) == [False] * 4


def test_queue_model_passes_the_model_tester(
    qtmodeltester: ModelTester, queue: AnsweredQueue, candidate_store: FactStore
) -> None:
    qtmodeltester.check(queue.model)
    apply_edit(candidate_store, (RecordChange("ovh", candidate_store["ovh"], None, None),))
    qtmodeltester.check(queue.model)
    assert queue.model.rowCount() == 3


def test_notes_on_an_article_not_yet_noted_come_out_as_added(
    qtbot: QtBot, store: FactStore
) -> None:
    """An article note has only notes and tags; before its first save it is not in the store."""
    note = ArticleNote(id=article_note_id(NUMERGY_ARTICLE), article=NUMERGY_ARTICLE)
    dialog = RecordEditDialog(store, note)
    qtbot.addWidget(dialog)
    assert dialog.fields() == ("notes", "tags")
    set_text(dialog.editor("notes"), "Compare with sfr-rachete-numergy.")
    set_text(dialog.editor("tags"), "sovereign cloud, SFR")
    click_ok(dialog)

    change = dialog.change
    assert change is not None
    assert (change.record_id, change.old, change.position) == (note.id, None, None)
    assert isinstance(change.new, ArticleNote)
    assert change.new.notes == "Compare with sfr-rachete-numergy."
    assert change.new.tags == ["SFR", "sovereign cloud"]
    assert note.id not in store
    assert applied(store, (change,))[note.id] == change.new


def test_an_edit_the_core_refuses_is_shown_not_asked(qtbot: QtBot, queue: AnsweredQueue) -> None:
    queue.merge_target = "no-such-record"
    queue.select_record("ovh")
    with qtbot.assertNotEmitted(queue.commit_requested):
        queue.merge_button.click()
    assert not queue.error_label.isHidden()
    assert "no record 'no-such-record'" in queue.error_label.text()
    queue.select_record("thomas-pontiroli")
    assert queue.error_label.isHidden()


def test_ask_gives_the_answer_clicked_or_none_on_cancel(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from archive_gui.ui.dialogs import Dialogs

    parent = QWidget()
    qtbot.addWidget(parent)

    def click(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "already names" in box.text()
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == text]
        button.click()

    answers = ["Attach to HP", "New company anyway"]
    for text, expected in (("New company anyway", 1), ("Attach to HP", 0), ("Cancel", None)):
        QTimer.singleShot(0, lambda text=text: click(text))
        asked = Dialogs().ask(parent, "New company", "“HPE” already names HP.", answers)
        assert asked == expected


def test_hovering_an_extracted_deal_shows_how_it_was_read(qtbot: QtBot) -> None:
    store = FactStore()
    text = "Atos cède sa filiale Worldgrid à Alten pour 270 millions d'euros."
    article = Article(id="a", title="Cession", published=dt.date(2015, 3, 1), text=text)
    for record in Extractor(store).extract(article):
        store.add(record)
    queue = ReviewQueue(store)
    qtbot.addWidget(queue)
    queue.show()
    qtbot.waitExposed(queue)
    [row] = [r for r in range(queue.model.rowCount()) if "Deal" in queue_lines(queue)[r]]
    rect = queue.view.visualRect(queue.model.index(row, 0))
    event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(), queue.view.mapToGlobal(QPoint()))
    QApplication.sendEvent(queue.view.viewport(), event)
    shown = QToolTip.text()
    assert "pattern «céder»" in shown
    assert "acquirer: «Alten»" in shown
    assert "sellers: «Atos»" in shown
    assert "amount: «270 millions d'euros»" in shown
