"""A dialog to edit every field of one record at once, checked by the core before it closes.

The dialog never changes the store: on OK it asks ``edit_fields`` for the change the typed
values make and keeps it in ``change`` for whoever opened it to apply (as an undoable
command). A new record (made from a selection, prefilled) is only added once OK finds every
field it needs filled. Values are typed as the core reads them (``field_text``/
``parse_field``); each field gets the editor that suits it, and a placeholder says how to
write it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.facts.editing import (
    EditError,
    MissingFieldsError,
    RecordChange,
    edit_fields,
    field_text,
    form_fields,
    named_new_record,
    parse_field,
    require_fields,
)
from archive_gui.core.facts.fields import Field, FieldType, field_of
from archive_gui.core.facts.records import Company, FactStore, Record
from archive_gui.core.kinds import kind_title
from archive_gui.core.text import fold
from archive_gui.core.titles import record_title
from archive_gui.ui.theme import ErrorLabel

FieldEditor = QComboBox | QLineEdit | QPlainTextEdit


class RecordEditDialog(QDialog):
    """Edits the fields of a record; OK gives ``change`` (a RecordChange) or stays open to say
    what is wrong.

    With ``new``, the record is not in the store yet: OK adds it, unchanged or not, once it has
    every required field (a deal its acquirer and target).
    """

    def __init__(
        self,
        store: FactStore,
        record: Record,
        parent: QWidget | None = None,
        new: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._record = record
        self._new = new
        self.change: RecordChange | None = None
        self._error_field: str | None = None
        kind = kind_title(record.KIND).lower()
        if new:
            self.setWindowTitle(f"New {kind} from the selection")
        else:
            self.setWindowTitle(f"Edit {kind}: {record_title(record, store)}")

        self._editors: dict[str, FieldEditor] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in form_fields(record):
            editor = self._make_editor(field)
            self._editors[field.name] = editor
            form.addRow(f"{field.label}:", editor)
        # What each editor showed at first: only fields whose text differs are sent to the core.
        self._initial = self.field_texts()

        self.error_label = ErrorLabel()
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if new and record.evidence:
            # What the record is made from, for the user to complete it with the text in view.
            quote = " ".join(record.evidence[0].anchor.quote.split())
            self.passage_label = QLabel(f"From the passage: «{quote}»")
            self.passage_label.setWordWrap(True)
            self.passage_label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(self.passage_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @property
    def record(self) -> Record:
        return self._record

    def fields(self) -> tuple[str, ...]:
        """The fields the form edits, in form order."""
        return tuple(self._editors)

    def editor(self, field: str) -> FieldEditor:
        return self._editors[field]

    def field_texts(self) -> dict[str, str]:
        """The text of every field as the core reads it (a company by id when chosen from
        the list)."""
        return {field: self._text_of(editor) for field, editor in self._editors.items()}

    def changed_values(self) -> dict[str, str]:
        """The fields whose text the user changed, with their new text."""
        return {
            field: text
            for field, text in self.field_texts().items()
            if text != self._initial[field]
        }

    def error_field(self) -> str | None:
        """The field the shown error is about, if the dialog could tell which."""
        return self._error_field

    def accept(self) -> None:
        """Checks the changed fields with the core; closes only when they make a valid edit."""
        values = self.changed_values()
        if not values and not self._new:
            self.change = None
            self.reject()
            return
        try:
            change = self._change_for(values)
        except MissingFieldsError as exc:
            self._show_error(str(exc), exc.fields[0])
            return
        except EditError as exc:
            self._show_error(str(exc), self._faulty_field(values))
            return
        # Retyping a value differently ("20" as "20.0") is not a change worth an undo step.
        self.change = None if change.new == change.old else change
        if self.change is None:
            self.reject()
        else:
            super().accept()

    # --- Editors ------------------------------------------------------------------------

    def _make_editor(self, field: Field) -> FieldEditor:
        text = field_text(self._store, self._record, field.name)
        if field.type is FieldType.CHOICE:
            return self._choice_editor(field.choices, text)
        if field.type is FieldType.COMPANY:
            return self._company_editor(text)
        if field.multiline:
            plain = QPlainTextEdit()
            plain.setPlainText(text)
            plain.setPlaceholderText(field.hint)
            plain.setTabChangesFocus(True)
            lines = max(3, min(8, text.count("\n") + 2))
            plain.setFixedHeight(plain.fontMetrics().lineSpacing() * lines + 12)
            return plain
        line = QLineEdit(text)
        line.setPlaceholderText(field.hint)
        return line

    @staticmethod
    def _choice_editor(choices: tuple[str, ...], text: str) -> QComboBox:
        combo = QComboBox()
        combo.addItems(list(choices))
        if text not in choices:
            # A value the file holds but the core no longer offers: shown as is, not lost.
            combo.addItem(text)
        combo.setCurrentText(text)
        return combo

    def _company_editor(self, company_id: str) -> QComboBox:
        """An editable list of the companies by name; the record's id stays attached."""
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", None)
        companies = [r for r in self._store.of_kind("company") if isinstance(r, Company)]
        for company in sorted(companies, key=lambda c: fold(c.name)):
            combo.addItem(company.name, company.id)
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        row = combo.findData(company_id) if company_id else 0
        if row >= 0:
            combo.setCurrentIndex(row)
        else:
            # A reference to no known company: keep showing what the file says.
            combo.setEditText(company_id)
        line = combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("a company's name")
        return combo

    @staticmethod
    def _text_of(editor: FieldEditor) -> str:
        if isinstance(editor, QPlainTextEdit):
            # toPlainText() turns no-break spaces into spaces, and French text is full of them.
            raw = editor.document().toRawText()
            return raw.replace("\u2029", "\n").replace("\u2028", "\n")
        if isinstance(editor, QLineEdit):
            return editor.text()
        text = editor.currentText()
        if editor.isEditable():
            # A company chosen from the list is sent by id, which no other company shares.
            row = editor.currentIndex()
            if row >= 0 and editor.itemText(row) == text and editor.itemData(row):
                return str(editor.itemData(row))
        return text

    # --- The change --------------------------------------------------------------------------

    def _change_for(self, values: dict[str, str]) -> RecordChange:
        record = self._record
        if record.id in self._store:
            return edit_fields(self._store, record.id, values)
        # A record not stored yet (a new record, the first notes on an article) comes out as
        # added.
        updated = record.copy()
        for field, text in values.items():
            setattr(updated, field, self._parse(field, text))
        require_fields(updated)
        if self._new:
            updated = named_new_record(self._store, updated)
        return RecordChange(updated.id, None, updated)

    def _parse(self, field: str, text: str) -> object:
        return parse_field(self._store, self._record, field, text)

    # --- Errors -------------------------------------------------------------------------

    def _faulty_field(self, values: dict[str, str]) -> str | None:
        """The first changed field the core refuses on its own, if any."""
        for field, text in values.items():
            try:
                self._parse(field, text)
            except EditError:
                return field
        return None

    def _show_error(self, message: str, field: str | None) -> None:
        self._error_field = field
        prefix = f"{field_of(self._record.KIND, field).label}: " if field is not None else ""
        self.error_label.setText(prefix + message)
        self.error_label.show()
        if field is not None:
            self._editors[field].setFocus(Qt.FocusReason.OtherFocusReason)
