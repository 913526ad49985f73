"""Which rows of a list are on screen: what is worth making for the rows a person can see."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QListView

# How long changed rows wait for their paint before they are said to have settled anyway.
UNPAINTED_MS = 50


class RowsOnScreen(QObject):
    """Says which rows of a list view are on screen, with ``margin`` rows on each side, once
    they have settled: ``settle_ms`` after the last of a burst of scrolling or resizing (a
    fling asks once, for where it stops), and when the rows themselves change (new rows, a
    filter, another order) once they are painted: what is made for them comes after them,
    rather than holding up their first paint (its thread would share Python's lock with it).
    """

    settled = Signal()

    def __init__(self, view: QListView, margin: int, settle_ms: int) -> None:
        super().__init__(view)
        self.view = view
        self.margin = margin
        self.settle_ms = settle_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        # The rows changed and are not painted yet.
        self._unpainted = False
        view.verticalScrollBar().valueChanged.connect(self._on_moved)
        # Kept, not asked of the view at each event: the view may be half destroyed then.
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        view.installEventFilter(self)
        model = view.model()
        for changed in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
        ):
            changed.connect(self._on_rows_changed)

    def rows(self, margin: int | None = None) -> range:
        """The rows on screen now, with ``margin`` rows on each side (this one's if None);
        none while the view is hidden."""
        count = self.view.model().rowCount()
        if not count or not self.view.isVisible():
            return range(0)
        viewport = self.view.viewport()
        top = self.view.indexAt(QPoint(1, 0))
        bottom = self.view.indexAt(QPoint(1, viewport.height() - 1))
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else count - 1
        extra = self.margin if margin is None else margin
        return range(max(0, first - extra), min(count, last + 1 + extra))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.Paint and self._unpainted:
                self._unpainted = False
                self._timer.start(0)  # once this paint is over
            elif kind == QEvent.Type.Resize:
                self._on_moved()
        elif kind == QEvent.Type.Show and watched is self.view:
            self._on_rows_changed()
        return super().eventFilter(watched, event)

    def _on_moved(self) -> None:
        # New rows are asked for when painted: scrolling back to their top (as a reset does)
        # must not put that off.
        if not self._unpainted and not (self._timer.isActive() and self._timer.interval() == 0):
            self._timer.start(self.settle_ms)

    def _on_rows_changed(self) -> None:
        self._unpainted = True
        self._timer.start(UNPAINTED_MS)  # should no paint come

    def _on_timeout(self) -> None:
        self._unpainted = False
        if self.rows():
            self.settled.emit()
