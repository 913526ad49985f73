"""File > Export…, Import Annotations… and Export Search Results…: the facts to and from other
tools, from the window.

An export or an import runs in a thread of its own behind a progress dialog, on copies of
what it reads; an import's edit is committed on the GUI thread when it is over, as one
undoable edit, and what it could not attach is kept aside in the archive and listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.exchange.export import FORMATS, ExportReport, export_to, write_csv
from archive_gui.core.exchange.selection import namespace_of, select
from archive_gui.core.exchange.webannotation import (
    AnnotationImport,
    keep_aside,
    plan_import,
    read_annotation_file,
)
from archive_gui.core.facts.records import FactStore
from archive_gui.core.kinds import KIND, TAB_KINDS
from archive_gui.core.library import Library
from archive_gui.core.search.results import RESULT_COLUMNS, Highlights, result_row
from archive_gui.ui.dialogs import Dialogs, open_message
from archive_gui.ui.editor import FactEditor
from archive_gui.ui.search_pane import SearchPane
from archive_gui.ui.workers import Job, end_thread, thread_for

ANNOTATION_FILTER = "W3C Web Annotations (*.jsonld *.json *.jsonl);;All files (*)"


@dataclass(frozen=True)
class ExportChoice:
    """What the Export dialog was told: a format, the kinds (None: all), a query, where."""

    fmt: str
    kinds: tuple[str, ...] | None
    query: str | None
    target: Path

    @property
    def to_folder(self) -> bool:
        return writes_folder(self.fmt, self.kinds)


def writes_folder(fmt: str, kinds: Sequence[str] | None) -> bool:
    """CSV of several kinds is a folder of files, one per kind; every other export one file."""
    return fmt == "csv" and (kinds is None or len(kinds) != 1)


def documents_folder() -> Path:
    """Where an export is suggested first: the user's documents, else their home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def suggested_name(fmt: str, kinds: Sequence[str] | None, namespace: str) -> str:
    if writes_folder(fmt, kinds):
        return f"{namespace}-csv"
    if fmt == "csv" and kinds:
        return f"{KIND[kinds[0]].section}.csv"
    return f"{namespace}{FORMATS[fmt].suffix}"


class ExportDialog(QDialog):
    """Chooses the format, the kinds, the current search's articles or all, and where."""

    def __init__(
        self, parent: QWidget, dialogs: Dialogs, namespace: str, query: str, found: int
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.dialogs = dialogs
        self.namespace = namespace
        self.query = query
        self.format_box = QComboBox()
        for key, fmt in FORMATS.items():
            self.format_box.addItem(fmt.title, key)
        self.kind_box = QComboBox()
        self.kind_box.addItem("All kinds", None)
        for kind in TAB_KINDS:
            self.kind_box.addItem(kind.plural_title, kind.name)
        self.search_box = QCheckBox()
        if query:
            noun = "article" if found == 1 else "articles"
            self.search_box.setText(f"Only the {found} {noun} the search «{query}» finds")
        else:
            self.search_box.setText("Only the articles of a search (search first)")
            self.search_box.setEnabled(False)
        self.target_edit = QLineEdit()
        self.target_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.choose_button = QPushButton("Choose…")
        where = QHBoxLayout()
        where.addWidget(self.target_edit, 1)
        where.addWidget(self.choose_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        form = QFormLayout(self)
        form.addRow("&Format:", self.format_box)
        form.addRow("&Records:", self.kind_box)
        form.addRow("", self.search_box)
        where_label = QLabel("&To:")
        where_label.setBuddy(self.target_edit)
        form.addRow(where_label, where)
        form.addRow(self.buttons)
        self.folder = documents_folder()
        self._suggest()
        self.format_box.currentIndexChanged.connect(self._suggest)
        self.kind_box.currentIndexChanged.connect(self._suggest)
        self.target_edit.textChanged.connect(self._update_ok)
        self.choose_button.clicked.connect(self._choose)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def choice(self) -> ExportChoice:
        kind = self.kind_box.currentData()
        return ExportChoice(
            self.format_box.currentData(),
            None if kind is None else (kind,),
            self.query if self.search_box.isChecked() else None,
            Path(self.target_edit.text().strip()).expanduser(),
        )

    def _suggest(self) -> None:
        """A file (or folder) named for the format and kinds, where the last one was."""
        choice = self.choice()
        self.target_edit.setText(
            str(self.folder / suggested_name(choice.fmt, choice.kinds, self.namespace))
        )

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.target_edit.text().strip()))

    def _choose(self) -> None:
        choice = self.choice()
        if choice.to_folder:
            chosen = self.dialogs.choose_folder(self, "Export: choose a folder for the CSV files")
        else:
            suffix = FORMATS[choice.fmt].suffix
            chosen = self.dialogs.save_file(
                self, "Export", choice.target, f"{FORMATS[choice.fmt].title} (*{suffix})"
            )
        if chosen is not None:
            self.folder = chosen if choice.to_folder else chosen.parent
            self.target_edit.setText(str(chosen))


class ExchangeController(QObject):
    """The export and annotation-import actions of the window; one job at a time."""

    # Something went wrong: a title and a message for the window to show.
    failed = Signal(str, str)
    # An export or an import is over: one line for the status bar.
    done = Signal(str)

    def __init__(self, window: QWidget, dialogs: Dialogs, search_pane: SearchPane) -> None:
        super().__init__(window)
        self.window = window
        self.dialogs = dialogs
        self.search_pane = search_pane
        self.library: Library | None = None
        self.editor: FactEditor | None = None
        self.query = ""
        self.found = 0
        # The search an export running was limited to, if any.
        self.export_query: str | None = None
        self._thread: QThread | None = None
        self._job: Job | None = None
        self._title = ""
        self._finished: Callable[[Any], None] = lambda _: None
        self.progress_dialog: QProgressDialog | None = None
        self.summary_box: QMessageBox | None = None
        self.export_action = QAction("&Export…", self)
        self.import_annotations_action = QAction("Import &Annotations…", self)
        self.export_results_action = QAction("Export Search &Results…", self)
        self.export_action.triggered.connect(self.ask_export)
        self.import_annotations_action.triggered.connect(self.ask_import)
        self.export_results_action.triggered.connect(self.ask_export_results)
        self.set_results("", 0)
        search_pane.results_shown.connect(self.set_results)
        search_pane.add_result_actions([self.export_results_action])

    def set_library(self, library: Library, editor: FactEditor | None) -> None:
        """The archive to export from and import into; ``editor`` makes imports undoable."""
        self.library = library
        self.editor = editor
        self.update_enabled()

    def set_results(self, query: str, found: int) -> None:
        """The search listed now: the export may be limited to its articles."""
        self.query, self.found = query, found
        self.export_results_action.setEnabled(bool(query) and found > 0)

    def update_enabled(self) -> None:
        idle = self._job is None
        writable = self.editor is not None and not self.editor.read_only
        self.export_action.setEnabled(idle and self.library is not None)
        self.import_annotations_action.setEnabled(idle and writable)

    @property
    def running(self) -> bool:
        return self._job is not None

    # -- export ------------------------------------------------------------------------------

    def ask_export(self) -> None:
        library = self.library
        if library is None or self.running:
            return
        namespace = namespace_of(library.paths.root.name)
        dialog = ExportDialog(self.window, self.dialogs, namespace, self.query, self.found)
        if self.dialogs.run(dialog):
            self.export(dialog.choice())
        dialog.deleteLater()

    def export(self, choice: ExportChoice) -> None:
        """Writes the export off the GUI thread, from a copy of the facts as they are now."""
        library = self.library
        if library is None or self.running:
            return
        store = FactStore(library.store)
        articles = dict(library.articles)
        name = library.paths.root.name

        def work() -> ExportReport:
            found = None if choice.query is None else library.matching_articles(choice.query)
            selection = select(store, articles, choice.kinds, found, name)
            return export_to(selection, choice.fmt, choice.target)

        self.export_query = choice.query
        self._start("Export", f"Exporting to {choice.target.name}…", work, self._on_exported)

    def _on_exported(self, report: ExportReport) -> None:
        found = f", from the articles the search «{self.export_query}» finds"
        text = f"{report.summary()}{found if self.export_query else ''}."
        if report.left_out:
            text += "\n\nLeft out:\n" + "\n".join(report.left_out)
        self._summary("Export", text)
        self.done.emit(report.summary())

    def ask_export_results(self) -> None:
        """The listed results, in their order, as a CSV file, each with its best snippet.

        The list has the snippets of the rows that were on screen only: those of every row
        are made off the GUI thread first, as the window's are.
        """
        library, query = self.library, self.query
        hits = self.search_pane.listed_hits()
        if not hits or library is None or self.running:
            return
        suggested = documents_folder() / f"{namespace_of(query)}-results.csv"
        path = self.dialogs.save_file(
            self.window, "Export Search Results", suggested, "CSV (*.csv)"
        )
        if path is None:
            return
        article_ids = [hit.id for hit in hits]

        def work() -> tuple[Mapping[str, Highlights], list[str]]:
            return library.index.highlights(query, article_ids), library.index.fact_records(query)

        def write(found: tuple[Mapping[str, Highlights], list[str]]) -> None:
            highlights, records = found
            rows = [
                result_row(library.tied_to_records(hit.highlighted(highlights[hit.id]), records))
                if hit.id in highlights
                else result_row(hit)
                for hit in hits
            ]
            try:
                write_csv(path, RESULT_COLUMNS, rows)
            except ValueError as exc:
                self.failed.emit("Export Search Results", str(exc))
                return
            self.done.emit(f"Exported {len(rows)} results of «{query}» to {path}")

        self._start("Export Search Results", f"Writing {path.name}…", work, write)

    # -- import ------------------------------------------------------------------------------

    def ask_import(self) -> None:
        if self.library is None or self.running:
            return
        files = self.dialogs.open_files(self.window, "Import Annotations", ANNOTATION_FILTER)
        if files:
            self.import_annotations(files[0])

    def import_annotations(self, path: Path) -> None:
        """Reads and places the file's annotations off the GUI thread, on a copy of the facts;
        the edit is committed when it is over (the dialog keeps the window from editing)."""
        library = self.library
        if library is None or self.running:
            return
        store = FactStore(library.store)
        articles: Mapping[str, Article] = dict(library.articles)

        def work() -> tuple[Path, AnnotationImport]:
            return path, plan_import(store, articles, read_annotation_file(path))

        label = f"Importing annotations from {path.name}…"
        self._start("Import Annotations", label, work, self._on_planned)

    def _on_planned(self, result: tuple[Path, AnnotationImport]) -> None:
        path, plan = result
        library, editor = self.library, self.editor
        if library is None or editor is None:
            return
        if plan.edit and not editor.apply(plan.edit, f"Import Annotations: {path.name}"):
            return  # the editor said why
        lines = [f"{path.name}: {plan.summary()}."]
        if plan.created:
            lines.append("The records it made are candidates, in the Review tab.")
        details = ""
        if plan.kept_aside:
            try:
                aside = keep_aside(library.paths.kept_aside_dir, path, plan.kept_aside)
                lines.append(f"The annotations kept aside are in {aside}.")
            except OSError as exc:
                lines.append(f"The annotations kept aside could not be written: {exc.strerror}.")
            details = "\n".join(f"{k.name}: {k.reason}" for k in plan.kept_aside)
        self._summary("Import Annotations", "\n".join(lines), details)
        self.done.emit(f"Imported {path.name}: {plan.summary()}")

    # -- running -----------------------------------------------------------------------------

    def _start(
        self, title: str, label: str, work: Callable[[], Any], finished: Callable[[Any], None]
    ) -> None:
        self._title, self._finished = title, finished
        self._job = Job(work)
        self._thread = thread_for(self._job, "exchange", self._job.run)
        self._job.finished.connect(self._on_job_finished)
        self._job.failed.connect(self._on_job_failed)
        dialog = QProgressDialog(label, "", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setCancelButton(None)  # the files are written at once, whole
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog
        self.update_enabled()
        self._thread.start()

    def _on_job_finished(self, result: object) -> None:
        if self._stop():
            self._finished(result)

    def _on_job_failed(self, message: str) -> None:
        if self._stop():
            self.failed.emit(self._title, message)

    def _stop(self) -> bool:
        """Ends the job in hand; False if there was none (it had ended already)."""
        if self._job is None:
            return False
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if self._thread is not None:
            end_thread(self._thread)
            self._thread = None
        self._job.deleteLater()
        self._job = None
        self.update_enabled()
        return True

    def shutdown(self) -> None:
        """Waits for a job in hand (the window is closing): its files are written whole."""
        self._stop()

    def _summary(self, title: str, text: str, details: str = "") -> None:
        info = QMessageBox.Icon.Information
        self.summary_box = open_message(self.window, info, title, text, details)
