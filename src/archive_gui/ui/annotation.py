"""Annotation actions: records made from the reader's selection, and edits of the selected record.

Each action builds an edit with the core's functions and hands it to the ``FactEditor``; the
questions it must ask (which record, which field, are you sure) go through ``Dialogs``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from archive_gui.core.archive.articles import corrected
from archive_gui.core.facts.editing import (
    EditError,
    RecordChange,
    attach_passage,
    confirm_passage,
    delete_record,
    editable_fields,
    merge_records,
    new_record,
    remove_passage,
    same_name,
)
from archive_gui.core.facts.records import ArticleNote, FactStore, Record, article_note_id
from archive_gui.core.kinds import FACT_KINDS, KIND, kind_title
from archive_gui.core.library import Library
from archive_gui.core.titles import record_title
from archive_gui.ui.article_metadata import ArticleMetadataDialog
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.editor import FactEditor
from archive_gui.ui.fact_panel import FactPanel
from archive_gui.ui.reader import ReaderView
from archive_gui.ui.record_editor import RecordEditDialog


class Annotator(QObject):
    """Owns the annotation actions and turns each into an edit of the facts."""

    record_created = Signal(str)

    def __init__(
        self, window: QWidget, reader: ReaderView, fact_panel: FactPanel, dialogs: Dialogs
    ) -> None:
        super().__init__(window)
        self.window = window
        self.reader = reader
        self.fact_panel = fact_panel
        self.dialogs = dialogs
        self.editor: FactEditor | None = None
        self.library: Library | None = None

        def action(text: str, shortcut: str, handler: object) -> QAction:
            made = QAction(text, window)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(handler)
            window.addAction(made)
            return made

        self.new_actions = {
            kind: action(
                f"New {KIND[kind].title} from Selection",
                KIND[kind].new_shortcut,
                lambda _=False, k=kind: self.new_from_selection(k),
            )
            for kind in FACT_KINDS
        }
        self.attach_action = action("&Attach Selection to Record…", "Ctrl+Shift+A", self.attach)
        self.attach_field_action = action(
            "Attach Selection to &Field of Record…", "Ctrl+Shift+F", self.attach_to_field
        )
        self.edit_action = action("&Edit Record…", "Ctrl+E", self.edit_record)
        self.delete_action = action("&Delete Record…", "Ctrl+Shift+Del", self.delete_record)
        self.remove_passage_action = action("&Remove Passage…", "Ctrl+Shift+R", self.remove_passage)
        self.confirm_passage_action = action(
            "&Confirm Re-anchored Passage…", "Ctrl+Shift+K", self.confirm_passage
        )
        self.merge_action = action("&Merge Record Into…", "Ctrl+Shift+M", self.merge_record)
        self.notes_action = action(
            "Article &Notes and Tags…", "Ctrl+Shift+N", self.edit_article_notes
        )
        self.metadata_action = action(
            "Article &Metadata…", "Ctrl+Shift+I", self.edit_article_metadata
        )
        self.selection_actions = [*self.new_actions.values(), self.attach_action,
                                  self.attach_field_action]  # fmt: skip
        self.record_actions = [self.edit_action, self.delete_action, self.remove_passage_action,
                               self.confirm_passage_action, self.merge_action]  # fmt: skip
        self.reader.body.selectionChanged.connect(self.update_enabled)
        self.fact_panel.record_selected.connect(self.update_enabled)
        self.reader.set_context_actions(self.selection_actions)

    def set_editor(self, editor: FactEditor | None, library: Library) -> None:
        self.editor = editor
        self.library = library
        self.update_enabled()

    def update_enabled(self) -> None:
        writable = self.editor is not None and not self.editor.read_only
        selected = self.reader.selection() is not None
        record = self.fact_panel.current_record() is not None
        for made in self.new_actions.values():
            made.setEnabled(writable and selected)
        self.attach_action.setEnabled(writable and selected)
        self.attach_field_action.setEnabled(writable and selected and record)
        for made in self.record_actions:
            made.setEnabled(writable and record)
        self.notes_action.setEnabled(writable and self.reader.article is not None)
        self.metadata_action.setEnabled(self.editor is not None and self.reader.article is not None)

    # -- helpers ---------------------------------------------------------------------------

    def _apply(self, edit: tuple[RecordChange, ...] | list[RecordChange], text: str) -> bool:
        assert self.editor is not None
        return self.editor.apply(edit, text)

    def _refuse(self, message: str) -> None:
        assert self.editor is not None
        self.editor.edit_failed.emit(message)

    def _store(self) -> FactStore:
        assert self.library is not None
        return self.library.store

    def _selected_words(self) -> str:
        """The selected text, its spaces and line breaks made single spaces."""
        selection, article = self.reader.selection(), self.reader.article
        if selection is None or article is None:
            return ""
        return " ".join(article.text[selection[0] : selection[1]].split())

    # -- from the selection ----------------------------------------------------------------

    def new_from_selection(self, kind: str) -> str | None:
        """Makes a record of ``kind`` from the selected passage; returns its id.

        The record opens in its editor, prefilled from the passage, and is added on OK. A name
        some company or person already has offers to attach the passage to it instead.
        """
        selection, article = self.reader.selection(), self.reader.article
        if self.editor is None or selection is None or article is None:
            return None
        store = self._store()
        existing = same_name(store, kind, article, *selection)
        if existing is not None:
            answer = self._offer_existing(existing, kind)
            if answer is None:
                return None
            if answer == 0:
                return existing.id if self._attach(existing.id, None) else None
        try:
            made = new_record(store, kind, article, *selection)
        except EditError as exc:
            self._refuse(str(exc))
            return None
        assert made.new is not None
        dialog = RecordEditDialog(store, made.new, self.window, new=True)
        accepted = self.dialogs.run(dialog)
        change = dialog.change
        dialog.deleteLater()
        if not accepted or change is None or change.new is None:
            return None
        if not self._apply(
            [change], f"New {kind_title(kind).lower()} {record_title(change.new, store)}"
        ):
            return None
        self.record_created.emit(change.record_id)
        self.fact_panel.select_record(change.record_id)
        return change.record_id

    def _offer_existing(self, existing: Record, kind: str) -> int | None:
        """Asks whether a name already known is that record: 0 attach, 1 new anyway."""
        selection = self._selected_words()
        title = record_title(existing, self._store())
        what = kind_title(existing.KIND).lower()
        return self.dialogs.ask(
            self.window,
            f"New {kind_title(kind).lower()}",
            f"“{selection}” already names the {what} “{title}”.\n\n"
            "Attach the passage to it instead of making another record?",
            [f"Attach to {title}", f"New {kind_title(kind).lower()} anyway"],
        )

    def attach(self) -> None:
        """Attaches the selected passage to a record the user picks."""
        selection, article = self.reader.selection(), self.reader.article
        if self.editor is None or selection is None or article is None:
            return
        quote = self._selected_words()
        shown = quote if len(quote) <= 40 else quote[:39] + "…"
        record_id = self.dialogs.pick_record(
            self.window,
            self._store(),
            f"Attach “{shown}” to a record",
            preselect=self._named_by_selection(),
        )
        if record_id is None:
            return
        self._attach(record_id, None)

    def _named_by_selection(self) -> str | None:
        """The record a selection names: by a name or an alias, else the record whose passage
        it falls in, else the first company it names."""
        selection, article = self.reader.selection(), self.reader.article
        if selection is None or article is None:
            return None
        store = self._store()
        quote = self._selected_words()
        named = store.by_name(quote)
        if named is not None:
            return named.id
        here = [r for r in store.records_at(article.id, *selection) if r.KIND in FACT_KINDS]
        if here:
            return here[0].id
        from archive_gui.core.facts.extraction import company_named  # not at start-up

        return company_named(quote, store)

    def attach_to_field(self) -> None:
        """Attaches the selected passage as the evidence of one field of the selected record."""
        record = self.fact_panel.current_record()
        if record is None or self.reader.selection() is None:
            return
        fields = list(editable_fields(record))
        choice = self.dialogs.choose(
            self.window,
            "Attach to a field",
            f"Which field of {record_title(record, self._store())} does it support?",
            fields,
        )
        if choice is not None:
            self._attach(record.id, fields[choice])

    def _attach(self, record_id: str, field: str | None) -> bool:
        selection, article = self.reader.selection(), self.reader.article
        assert selection is not None
        assert article is not None
        try:
            change = attach_passage(self._store(), record_id, article, *selection, field)
        except EditError as exc:
            self._refuse(str(exc))
            return False
        what = f"field {field} of " if field else ""
        if not self._apply([change], f"Attach passage to {what}{record_id}"):
            return False
        self.fact_panel.select_record(record_id)
        return True

    # -- on the selected record ------------------------------------------------------------

    def edit_record(self) -> None:
        record = self.fact_panel.current_record()
        if record is None or self.editor is None:
            return
        dialog = RecordEditDialog(self._store(), record, self.window)
        if self.dialogs.run(dialog) and dialog.change is not None:
            self._apply([dialog.change], f"Edit {record_title(record, self._store())}")
        dialog.deleteLater()

    def delete_record(self) -> None:
        record = self.fact_panel.current_record()
        if record is None or self.editor is None:
            return
        store = self._store()
        referrers = store.referrers(record.id)
        title, count = record_title(record, store), len(record.evidence)
        passages = "1 passage" if count == 1 else f"{count} passages"
        text = f"Delete the {record.KIND} “{title}” and its {passages}?"
        if referrers:
            names = "\n".join(f"• {r.KIND}: {record_title(r, store)}" for r in referrers)
            text += f"\n\nThese records refer to it; those references will be removed:\n{names}"
        if self.dialogs.confirm(self.window, "Delete record", text):
            self._apply(
                delete_record(store, record.id), f"Delete {record_title(record, self._store())}"
            )

    def remove_passage(self) -> None:
        record = self.fact_panel.current_record()
        if record is None or not record.evidence:
            return
        items = [
            f"«{' '.join(e.anchor.quote.split())[:80]}» ({e.anchor.article})"
            for e in record.evidence
        ]
        choice = self.dialogs.choose(self.window, "Remove a passage", "Passage to remove:", items)
        if choice is not None:
            self._apply(
                [remove_passage(self._store(), record.id, choice)],
                f"Remove passage of {record_title(record, self._store())}",
            )

    def confirm_passage(self) -> None:
        """Accepts the place a passage was re-anchored to: until then the file keeps the
        passage as it was curated."""
        record = self.fact_panel.current_record()
        if record is None:
            return
        waiting = [i for i, e in enumerate(record.evidence) if e.anchor.awaiting_confirmation]
        if not waiting:
            self._refuse(
                f"No passage of {record_title(record, self._store())} awaits confirmation."
            )
            return
        items = []
        for i in waiting:
            anchor = record.evidence[i].anchor
            was = " ".join(anchor.stored.quote.split())[:60]
            now = " ".join(anchor.quote.split())[:60]
            items.append(f"«{now}» (was «{was}», {anchor.article})")
        choice = self.dialogs.choose(
            self.window, "Confirm a re-anchored passage", "Passage to confirm:", items
        )
        if choice is not None:
            self._apply(
                [confirm_passage(self._store(), record.id, waiting[choice])],
                f"Confirm passage of {record_title(record, self._store())}",
            )

    def merge_record(self) -> None:
        """Merges the selected record into another of its kind (the same entity)."""
        record = self.fact_panel.current_record()
        if record is None:
            return
        title = record_title(record, self._store())
        target = self.dialogs.pick_record(
            self.window,
            self._store(),
            f"Merge “{title}” into another {kind_title(record.KIND).lower()}",
            [record.KIND],
            [record.id],
        )
        if target is None:
            return
        try:
            edit = merge_records(self._store(), target, record.id)
        except EditError as exc:
            self._refuse(str(exc))
            return
        if self._apply(edit, f"Merge {record_title(record, self._store())} into {target}"):
            self.fact_panel.select_record(target)

    def edit_article_notes(self) -> None:
        """Notes and tags on the open article, kept as an article-note record."""
        article = self.reader.article
        if article is None or self.editor is None:
            return
        store = self._store()
        note_id = article_note_id(article.id)
        note = store.get(note_id) or ArticleNote(id=note_id, article=article.id)
        dialog = RecordEditDialog(store, note, self.window)
        dialog.setWindowTitle(f"Notes and tags: {article.title}")
        if not self.dialogs.run(dialog) or dialog.change is None:
            dialog.deleteLater()
            return
        self._apply([dialog.change], f"Notes on {article.title}")
        dialog.deleteLater()

    def edit_article_metadata(self) -> None:
        """Title, publication, author, date and language of the open article, corrected or
        confirmed: what the person sets is no longer marked inferred."""
        article = self.reader.article
        if article is None or self.editor is None:
            return
        dialog = ArticleMetadataDialog(article, self.window)
        if self.dialogs.run(dialog):
            values = dialog.values()
            if values:
                after = corrected(article, values)
                self.editor.edit_article(article, after, f"Metadata of {after.title}")
        dialog.deleteLater()
