"""The dialog where a person corrects or confirms an article's metadata.

An import infers what it can and leaves the rest empty; here each inferred value shows where it
came from and can be confirmed as it is, and each missing one asks to be filled in. What the
person sets or confirms is no longer marked inferred.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article, parse_metadata
from archive_gui.ui.theme import ErrorLabel

# The metadata a person may set, in the order the dialog shows them, with their labels.
METADATA_LABELS = (
    ("title", "Title"),
    ("publication", "Publication"),
    ("author", "Author"),
    ("published", "Date"),
    ("language", "Language"),
)
PLACEHOLDERS = {"published": "YYYY-MM-DD", "language": "fr, en…"}
MISSING = "Not in the capture: to fill in"

Value = str | dt.date | None


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


class ArticleMetadataDialog(QDialog):
    """Edits one article's metadata; ``values`` are the fields set or confirmed."""

    def __init__(self, article: Article, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article Metadata")
        self.article = article
        self.edits: dict[str, QLineEdit] = {}
        self.confirms: dict[str, QCheckBox] = {}
        form = QFormLayout()
        for name, label in METADATA_LABELS:
            edit = QLineEdit(_shown(getattr(article, name)))
            edit.setPlaceholderText(
                MISSING if name in article.missing else PLACEHOLDERS.get(name, "")
            )
            self.edits[name] = edit
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            if name in article.inferred:
                confirm = QCheckBox("Confirmed")
                evidence = article.inferred[name]
                confirm.setToolTip(f"Inferred from {evidence}. Tick to confirm it as it is.")
                edit.setToolTip(f"Inferred from {evidence}")
                self.confirms[name] = confirm
                row.addWidget(confirm)
            form.addRow(label, row)
        self.error = ErrorLabel()
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())

    def values(self) -> dict[str, Value]:
        """Each field changed or confirmed, parsed; raises ValueError naming the field."""
        values: dict[str, Value] = {}
        for name, label in METADATA_LABELS:
            text = self.edits[name].text()
            confirmed = name in self.confirms and self.confirms[name].isChecked()
            if text.strip() == _shown(getattr(self.article, name)) and not confirmed:
                continue
            try:
                values[name] = parse_metadata(name, text)
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        return values

    def accept(self) -> None:
        """Closes only on values that can be saved; otherwise says what is wrong."""
        try:
            self.values()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
