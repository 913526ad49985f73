"""Printing an article, or saving it as PDF, with its highlights and its records' passages."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QPageSize,
    QPdfWriter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import FactStore, Record, article_note_id
from archive_gui.core.kinds import kind_title
from archive_gui.core.titles import record_title
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.reader import (
    HIT_COLOUR,
    KIND_COLOURS,
    Passage,
    ReaderView,
    header_html,
)

PDF_FILTER = "PDF files (*.pdf)"


def on_paper(colour: QColor) -> QColor:
    """The translucent highlight colour as it shows on white paper, made opaque: printers and
    PDF viewers do not all blend."""
    alpha = colour.alphaF()
    channels = (colour.red(), colour.green(), colour.blue())
    return QColor(*(round(c * alpha + 255 * (1 - alpha)) for c in channels))


def _legend_html() -> str:
    def swatch(text: str, colour: QColor) -> str:
        return f"<span style='background-color:{on_paper(colour).name()}'>&nbsp;{text}&nbsp;</span>"

    items = [swatch("Search hit", HIT_COLOUR)]
    items += [swatch(kind_title(kind), colour) for kind, colour in KIND_COLOURS.items()]
    return "<p style='color:#555'>Highlights: " + " ".join(items) + "</p>"


def _passages_html(article: Article, passages: Sequence[Passage], store: FactStore | None) -> str:
    """Each record with a passage in the article, and its passages quoted in text order."""
    by_record: dict[str, tuple[Record, list[str]]] = {}
    for record, evidence in passages:
        anchor = evidence.anchor
        quote = html.escape(" ".join(article.text[anchor.start : anchor.end].split()))
        supports = f" <i>({html.escape(', '.join(evidence.fields))})</i>" if evidence.fields else ""
        by_record.setdefault(record.id, (record, []))[1].append(f"“{quote}”{supports}")
    if not by_record:
        return "<h3>Records</h3><p>No record has a passage in this article.</p>"
    items = []
    for record, quotes in by_record.values():
        colour = on_paper(KIND_COLOURS.get(record.KIND, QColor(128, 128, 128, 60))).name()
        kind = kind_title(record.KIND)
        title = (
            f"<span style='background-color:{colour}'>&nbsp;{html.escape(kind)}&nbsp;</span> "
            f"<b>{html.escape(record_title(record, store) if store else record.label)}</b> "
            f"<span style='color:#555'>({record.id})</span>"
        )
        items.append(title + "<ul>" + "".join(f"<li>{q}</li>" for q in quotes) + "</ul>")
    return "<h3>Records and their passages</h3>" + "".join(items)


def article_document(
    article: Article,
    hits: Sequence[tuple[int, int]] = (),
    passages: Sequence[Passage] = (),
    note: Record | None = None,
    store: FactStore | None = None,
) -> QTextDocument:
    """The article as it is read: header, text with hits and passages highlighted, then each
    record with its passages (named from ``store``). The text is inserted as plain text, never
    read as HTML."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    cursor = QTextCursor(document)
    cursor.insertHtml(header_html(article, note) + _legend_html())
    cursor.insertBlock()
    cursor.setCharFormat(QTextCharFormat())
    base = cursor.position()
    cursor.insertText(article.text)
    live = [p for p in passages if not p[1].anchor.orphaned]
    end = len(article.text)
    spans = [
        (e.anchor.start, e.anchor.end, KIND_COLOURS.get(r.KIND, QColor(128, 128, 128, 60)))
        for r, e in live
    ]
    spans += [(start, stop, HIT_COLOUR) for start, stop in hits]
    for start, stop, colour in spans:
        if 0 <= start < stop <= end:
            fmt = QTextCharFormat()
            fmt.setBackground(on_paper(colour))
            cursor.setPosition(base + start)
            cursor.setPosition(base + stop, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertBlock()
    cursor.setCharFormat(QTextCharFormat())
    source = f" · made from {article.source_file}" if article.source_file else ""
    cursor.insertHtml(
        "<hr>" + _passages_html(article, live, store)
        + f"<p style='color:#555'>Article {html.escape(article.id)}{html.escape(source)}</p>"
    )  # fmt: skip
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, article.title)
    return document


def save_pdf(document: QTextDocument, path: Path) -> None:
    """Writes the document to ``path`` as an A4 PDF; raises OSError if it could not be."""
    writer = QPdfWriter(str(path))
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("Archive Browser")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    document.print_(writer)
    del writer  # the file is complete once the writer is gone
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"{path}: the PDF could not be written")


class ArticlePrinter(QObject):
    """File > Print Article… and Save Article as PDF…, for the article open in the reader."""

    failed = Signal(str, str)
    done = Signal(str)

    def __init__(self, reader: ReaderView, dialogs: Dialogs, parent: QWidget) -> None:
        super().__init__(parent)
        self._reader = reader
        self._dialogs = dialogs
        self._parent = parent
        self._store: FactStore | None = None
        self.print_action = QAction("&Print Article…", self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.pdf_action = QAction("Save Article as P&DF…", self)
        self.actions = [self.print_action, self.pdf_action]
        self.print_action.triggered.connect(self._on_print)
        self.pdf_action.triggered.connect(self._on_save_pdf)
        reader.body.textChanged.connect(self.update_enabled)
        self.update_enabled()

    def set_store(self, store: FactStore) -> None:
        self._store = store

    def update_enabled(self) -> None:
        for action in self.actions:
            action.setEnabled(self._reader.article is not None)

    def document(self) -> QTextDocument | None:
        """The open article, ready for paper."""
        article = self._reader.article
        if article is None:
            return None
        store = self._store
        passages = store.passages_in(article.id) if store is not None else []
        note = store.get(article_note_id(article.id)) if store is not None else None
        return article_document(article, self._reader.hit_spans(), passages, note, store)

    def save_pdf(self, path: Path) -> bool:
        document = self.document()
        if document is None:
            return False
        try:
            save_pdf(document, path)
        except OSError as exc:
            self.failed.emit("PDF not saved", str(exc))
            return False
        self.done.emit(f"Saved {path}")
        return True

    def _on_save_pdf(self) -> None:
        article = self._reader.article
        if article is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / f"{article.id}.pdf"
        path = self._dialogs.save_file(self._parent, "Save Article as PDF", suggested, PDF_FILTER)
        if path is not None:
            self.save_pdf(path if path.suffix else path.with_suffix(".pdf"))

    def _on_print(self) -> None:
        document = self.document()
        if document is None:
            return
        from PySide6.QtPrintSupport import QPrinter  # loaded on first use, not at start

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
        if self._dialogs.print_setup(self._parent, printer):
            document.print_(printer)
            self.done.emit("Sent to the printer.")
