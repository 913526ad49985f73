"""Edits of the facts as undoable commands: applied, saved at once, undone and redone.

``FactEditor`` is the one way the window changes the facts: it commits an edit through the
library (saved atomically, merged with changes on disk) and only then pushes it on the undo
stack, so a refused edit (read-only file, conflict) never enters the history. Undo and redo
commit again; one that conflicts with a change on disk is reported and dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.editing import EditError, RecordChange, touched_articles
from archive_gui.core.facts.session import EditConflictError
from archive_gui.core.library import Library


class EditCommand(QUndoCommand):
    """One user edit; its first redo is the commit the editor already made."""

    def __init__(self, editor: FactEditor, edit: Sequence[RecordChange], text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.edit = tuple(edit)
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._commit(forward=True)

    def undo(self) -> None:
        self._commit(forward=False)

    def _commit(self, forward: bool) -> None:
        if not self.editor.commit(self.edit, forward):
            self.setObsolete(True)


class ArticleEditCommand(QUndoCommand):
    """A correction of one article's metadata; its first redo is the save already made."""

    def __init__(self, editor: FactEditor, before: Article, after: Article, text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = before
        self.after = after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        if not self.editor.save_article(self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.save_article(self.before):
            self.setObsolete(True)


class FactEditor(QObject):
    """Applies edits to an archive's facts and keeps their undo history."""

    # The ids of the articles whose passages changed ("" in the set: everything may have).
    facts_changed = Signal(object)
    # The id of an article whose metadata was saved.
    article_changed = Signal(str)
    edit_failed = Signal(str)
    reloaded = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self._watcher = QFileSystemWatcher(self)
        self._watch()
        self._watcher.fileChanged.connect(self._on_disk_changed)
        self._watcher.directoryChanged.connect(self._on_disk_changed)

    @property
    def read_only(self) -> bool:
        return self.library.read_only

    def apply(self, edit: Sequence[RecordChange], text: str) -> bool:
        """Makes an edit and saves it; returns False (and says why) if it was refused."""
        if not self.commit(edit, forward=True):
            return False
        self.undo_stack.push(EditCommand(self, edit, text))
        return True

    def edit_article(self, before: Article, after: Article, text: str) -> bool:
        """Saves an article's corrected metadata, undoably; False (and why) if it could not."""
        if not self.save_article(after):
            return False
        self.undo_stack.push(ArticleEditCommand(self, before, after, text))
        return True

    def save_article(self, article: Article) -> bool:
        try:
            self.library.save_article(article)
        except OSError as exc:
            self.edit_failed.emit(f"Could not save {article.id}: {exc.strerror}")
            return False
        self.article_changed.emit(article.id)
        return True

    def commit(self, edit: Sequence[RecordChange], forward: bool) -> bool:
        try:
            self.library.commit(edit, forward)
        except EditConflictError as exc:
            self.facts_changed.emit({""})
            self.edit_failed.emit(str(exc))
            return False
        except (EditError, OSError) as exc:
            self.edit_failed.emit(str(exc))
            return False
        self.facts_changed.emit(touched_articles(edit))
        return True

    def _watch(self) -> None:
        path = self.library.paths.facts_path
        paths = [str(path.parent)] + ([str(path)] if path.exists() else [])
        missing = [p for p in paths if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def _on_disk_changed(self, _: str) -> None:
        """Another program changed the facts file: reload it (saving replaces it, re-watch)."""
        self._watch()
        if self.library.facts.reload_if_changed():
            self.facts_changed.emit({""})
            self.reloaded.emit()
