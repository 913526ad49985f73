"""The facts as pictures: a timeline and an ownership graph, in a dock beside the reader.

Each picture is a widget that paints what the core says (``core/pictures/``) with QPainter,
only the part in view: thousands of items cost what the visible ones cost. The wheel and
+/- zoom (about the pointer), a drag or the arrows pan, 0 fits the whole; hovering an item
shows its record, clicking it selects the record. Both export as PNG or SVG, painted by the
same code. Colours come from the palette and the record kinds, so light and dark both read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLineF,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import Company, FactStore, Figure, Record
from archive_gui.core.pictures.ownership import (
    Link,
    Point,
    as_of,
    companies_named,
    companies_of,
    layout,
    ownership_links,
)
from archive_gui.core.pictures.timeline import (
    ARTICLES_LANE,
    LaneChoice,
    Timeline,
    TimelineItem,
    build_timeline,
    figures_timeline,
)
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.reader import KIND_COLOURS
from archive_gui.ui.workers import end_thread, thread_for

if TYPE_CHECKING:  # numpy is imported when a graph is first drawn, not when the window starts
    import numpy as np

PICTURE_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"
# The pictures, in their tabs' order, as ``--view`` and ``show_view`` name them.
VIEWS = ("timeline", "graph", "figures")
ZOOM_STEP = 1.25
PAN_STEP = 60  # pixels an arrow key moves
CLICK_SLOP = 4  # pixels a press may move and still be a click


class PictureExportError(OSError):
    """A picture that could not be written; the message says why."""


def kind_colour(kind: str, alpha: int = 255) -> QColor:
    """A kind's colour (the reader's tint), opaque or as translucent as asked."""
    colour = QColor(KIND_COLOURS[kind])
    colour.setAlpha(alpha)
    return colour


class PictureCanvas(QWidget):
    """Zoom, pan, hover, click and export for a picture; subclasses say what to paint and
    what is where. World coordinates go to the screen as ``world * zoom + offset``."""

    record_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 120)
        self.zoom = QPointF(1.0, 1.0)
        self.offset = QPointF(0.0, 0.0)
        self._press: QPointF | None = None
        self._dragged = False
        # Fitted to the widget's size until the user zooms or pans.
        self.auto_fit = True
        self.selected: set[str] = set()

    # -- what subclasses give ------------------------------------------------------------------

    def bounds(self) -> QRectF:
        """The world rectangle of the whole picture."""
        return QRectF()

    def margins(self) -> tuple[float, float, float]:
        """Pixels kept free on the left, at the top and on the right (a lane's names, an axis,
        the last items' labels)."""
        return 0.0, 0.0, 0.0

    def zooms_vertically(self) -> bool:
        return True

    def paint_picture(self, painter: QPainter, size: QSize) -> None:
        """Paints the picture on ``size`` pixels with the current zoom and offset."""

    def record_at(self, point: QPointF) -> tuple[str, str] | None:
        """The (record id, description) under a point of the widget, if any."""
        return None

    # -- the view ------------------------------------------------------------------------------

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.zoom.x() + self.offset.x(), y * self.zoom.y() + self.offset.y())

    def to_world(self, point: QPointF) -> QPointF:
        return QPointF(
            (point.x() - self.offset.x()) / self.zoom.x(),
            (point.y() - self.offset.y()) / self.zoom.y(),
        )

    def fit(self) -> None:
        """Shows the whole picture."""
        box = self.bounds()
        left, top, right = self.margins()
        width = max(self.width() - left - right - 20, 50)
        height = max(self.height() - top - 20, 50)
        if box.isEmpty():
            box = QRectF(box.x(), box.y(), max(box.width(), 1.0), max(box.height(), 1.0))
        zx = width / box.width()
        zy = height / box.height() if self.zooms_vertically() else self.zoom.y()
        if self.zooms_vertically():
            zx = zy = min(zx, zy)
        self.zoom = QPointF(zx, zy)
        self.offset = QPointF(left + 10 - box.x() * zx, top + 10 - box.y() * zy)
        self.auto_fit = True
        self.update()

    def zoom_by(self, factor: float, about: QPointF | None = None) -> None:
        self.auto_fit = False
        centre = about or QPointF(self.width() / 2, self.height() / 2)
        world = self.to_world(centre)
        fy = factor if self.zooms_vertically() else 1.0
        self.zoom = QPointF(self.zoom.x() * factor, self.zoom.y() * fy)
        self.offset = QPointF(
            centre.x() - world.x() * self.zoom.x(), centre.y() - world.y() * self.zoom.y()
        )
        self.update()

    def pan_by(self, dx: float, dy: float) -> None:
        self.auto_fit = False
        self.offset += QPointF(dx, dy)
        self.update()

    def set_selected(self, record_ids: Collection[str]) -> None:
        self.selected = set(record_ids)
        self.update()

    # -- events --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.auto_fit:
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        self.paint_picture(painter, self.size())
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            delta = event.position() - self._press
            if self._dragged or abs(delta.x()) + abs(delta.y()) > CLICK_SLOP:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.pan_by(delta.x(), delta.y())
                self._press = event.position()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                found = self.record_at(event.position())
                if found is not None:
                    self.record_clicked.emit(found[0])
            self._press = None
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (PAN_STEP, 0), Qt.Key.Key_Right: (-PAN_STEP, 0),
            Qt.Key.Key_Up: (0, PAN_STEP), Qt.Key.Key_Down: (0, -PAN_STEP),
        }  # fmt: skip
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit()
        elif key in moves:
            self.pan_by(*moves[key])
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            found = self.record_at(QPointF(event.pos()))
            if found is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), found[1], self)
            return True
        return super().event(event)

    # -- export --------------------------------------------------------------------------------

    def export(self, path: Path) -> None:
        """Writes the picture as it is shown: SVG for a ``.svg`` name, else PNG."""
        size = self.size()
        if path.suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgGenerator  # only an SVG export needs it

            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(self.accessibleName() or "Archive Browser")
            painter = QPainter(generator)
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), self.palette().base())
            self.paint_picture(painter, size)
            painter.end()
            if not path.is_file() or path.stat().st_size == 0:
                raise PictureExportError(f"{path}: could not be written")
            return
        ratio = self.devicePixelRatioF()
        image = QImage(size * ratio, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_picture(painter, size)
        painter.end()
        # PySide6 6.11 takes the format as str, though its stubs say bytes.
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise PictureExportError(f"{path}: could not be written")

    def ink(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def faint(self) -> QColor:
        colour = self.ink()
        colour.setAlpha(90)
        return colour


# -- the timeline ------------------------------------------------------------------------------

ROW_HEIGHT = 26.0
NAMES_WIDTH = 150.0
AXIS_HEIGHT = 26.0
POINT_WIDTH = 9.0  # a day's item is this wide, whatever the zoom
LABEL_ROOM = 150.0  # pixels an item keeps free after it for its label, else the next moves down
ITEM_COLOURS = {
    "closed": "deal", "announced": "deal", "event": "event", "article": "company",
    "figure": "figure",
}  # fmt: skip
CONFLICT_COLOUR = QColor(220, 50, 47)


@dataclass
class _Placed:
    """An item where it is drawn, in world units: days across, rows down."""

    item: TimelineItem
    start: float
    end: float
    row: int = 0


class TimelineCanvas(PictureCanvas):
    """Lanes of companies (or kinds) across time: a deal's announcement and closing joined,
    events, articles; a month or a year is a span, inferred dates dashed, conflicting ones
    marked "!". Items that would overlap, or leave no room for a label, take another row of
    their lane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline")
        self.timeline = Timeline((), (), ())
        self.placed: list[_Placed] = []
        # Per row, its items by start (for culling, and for the room a label has); per lane,
        # its first row.
        self._rows: list[list[_Placed]] = []
        self._starts: list[list[float]] = []
        self._lane_rows: list[int] = []
        # A joined item (by id) -> the pair of indices it belongs to.
        self._joined: dict[int, tuple[int, int]] = {}

    def set_timeline(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.placed = [
            _Placed(i, i.span.start.toordinal(), i.span.end.toordinal()) for i in timeline.items
        ]
        self._joined = {id(self.placed[n]): (a, b) for a, b in timeline.joins for n in (a, b)}
        if self.auto_fit:
            self.fit()
        else:
            self._arrange()
        self.update()

    def _arrange(self) -> None:
        """Gives each item a row of its lane: the first where it overlaps nothing and leaves
        the item before it room for a label at the present zoom."""
        room = LABEL_ROOM / max(self.zoom.x(), 1e-9)
        lanes = {lane: n for n, lane in enumerate(self.timeline.lanes)}
        by_lane: list[list[_Placed]] = [[] for _ in lanes]
        for placed in self.placed:
            by_lane[lanes[placed.item.lane]].append(placed)
        self._rows, self._lane_rows = [], []
        for items in by_lane:
            self._lane_rows.append(len(self._rows))
            ends: list[float] = []
            for placed in sorted(items, key=lambda p: (p.start, p.end)):
                row = next((n for n, end in enumerate(ends) if end <= placed.start), len(ends))
                if row == len(ends):
                    ends.append(0.0)
                    self._rows.append([])
                ends[row] = placed.end + room
                placed.row = self._lane_rows[-1] + row
                self._rows[placed.row].append(placed)
        self._starts = [[p.start for p in row] for row in self._rows]

    def bounds(self) -> QRectF:
        span = self.timeline.span
        if span is None:
            return QRectF()
        start, end = span.start.toordinal(), span.end.toordinal()
        pad = max((end - start) * 0.02, 15)
        return QRectF(start - pad, 0, end - start + 2 * pad, max(len(self._rows), 1))

    def margins(self) -> tuple[float, float, float]:
        return NAMES_WIDTH, AXIS_HEIGHT, LABEL_ROOM

    def zooms_vertically(self) -> bool:
        return False

    def fit(self) -> None:
        """The whole time span across the width (rows arranged for that zoom), from the top."""
        self.zoom = QPointF(self.zoom.x(), ROW_HEIGHT)
        super().fit()  # across only: the rows' number does not change the zoom
        self._arrange()  # the zoom is known now: labels get their room at it
        self.offset = QPointF(self.offset.x(), AXIS_HEIGHT)
        self.auto_fit = True

    def _visible_days(self, size: QSize) -> tuple[float, float]:
        left = self.to_world(QPointF(NAMES_WIDTH, 0)).x()
        right = self.to_world(QPointF(size.width(), 0)).x()
        return left, right

    def _item_rect(self, placed: _Placed) -> QRectF:
        top_left = self.to_screen(placed.start, placed.row)
        width = (placed.end - placed.start) * self.zoom.x()
        top, height = top_left.y() + 5, ROW_HEIGHT - 10
        if placed.item.span.precision == "day" or width < POINT_WIDTH:
            centre = top_left.x() + width / 2
            return QRectF(centre - POINT_WIDTH / 2, top, POINT_WIDTH, height)
        return QRectF(top_left.x(), top, width, height)

    def _visible_rows(self, size: QSize) -> range:
        first = max(0, int((AXIS_HEIGHT - self.offset.y()) / ROW_HEIGHT))
        last = int((size.height() - self.offset.y()) / ROW_HEIGHT) + 1
        return range(first, min(last + 1, len(self._rows)))

    def _visible_lanes(self, size: QSize) -> range:
        """The lanes with a row in view (the one in view at the top may start above it)."""
        rows = self._visible_rows(size)
        first = max(bisect.bisect_right(self._lane_rows, rows.start) - 1, 0)
        return range(first, bisect.bisect_right(self._lane_rows, rows.stop))

    def _visible(self, size: QSize) -> list[_Placed]:
        left, right = self._visible_days(size)
        shown: list[_Placed] = []
        for row in self._visible_rows(size):
            starts = self._starts[row]
            # Items of a row do not overlap: the one before ``left`` may reach into view.
            first = max(bisect.bisect_left(starts, left) - 1, 0)
            last = bisect.bisect_right(starts, right)
            shown += [p for p in self._rows[row][first:last] if p.end >= left]
        return shown

    def paint_picture(self, painter: QPainter, size: QSize) -> None:
        ink, faint = self.ink(), self.faint()
        painter.setFont(self.font())
        metrics = QFontMetricsF(self.font())
        visible = self._visible(size)
        self._paint_lanes(painter, size, faint)
        self._paint_joins(painter, visible)
        for placed in visible:
            self._paint_item(painter, placed, metrics, ink)
        self._paint_axis(painter, size, ink, faint)
        self._paint_names(painter, size, ink, metrics)

    def _paint_lanes(self, painter: QPainter, size: QSize, faint: QColor) -> None:
        painter.setPen(QPen(faint, 1))
        lanes = self._visible_lanes(size)
        rows = [*self._lane_rows, len(self._rows)][lanes.start : lanes.stop + 1]
        for row in rows:
            y = self.to_screen(0, row).y()
            if AXIS_HEIGHT <= y <= size.height():
                painter.drawLine(QLineF(NAMES_WIDTH, y, size.width(), y))

    def _paint_joins(self, painter: QPainter, visible: list[_Placed]) -> None:
        """The line from a deal's announcement to its closing, when either is in view."""
        painter.setPen(QPen(kind_colour("deal"), 2))
        drawn: set[tuple[int, int]] = set()
        for placed in visible:
            pair = self._joined.get(id(placed))
            if pair is None or pair in drawn:
                continue
            drawn.add(pair)
            one, two = (self._item_rect(self.placed[n]) for n in pair)
            painter.drawLine(QLineF(one.center(), two.center()))

    def _paint_item(
        self, painter: QPainter, placed: _Placed, metrics: QFontMetricsF, ink: QColor
    ) -> None:
        item = placed.item
        rect = self._item_rect(placed)
        colour = kind_colour(ITEM_COLOURS[item.kind], 120 if item.kind == "announced" else 210)
        pen = QPen(colour.darker(140), 1.5)
        if item.record_id in self.selected:
            pen = QPen(ink, 3)
        if item.inferred or item.status in ("rumoured", "failed"):
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(colour))
        if item.span.precision == "day" or rect.width() <= POINT_WIDTH:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 3, 3)
        text_left = rect.right() + 4
        baseline = rect.center().y() + metrics.ascent() / 2 - 1
        if item.conflicting:
            painter.setPen(QPen(CONFLICT_COLOUR, 1))
            painter.drawText(QPointF(text_left, baseline), "!")
            text_left += metrics.horizontalAdvance("! ")
        room = self._room_after(placed) - text_left
        if room > 24:
            prefix = {"announced": "announced: ", "closed": "closed: "}.get(item.kind, "")
            text = metrics.elidedText(prefix + item.label, Qt.TextElideMode.ElideRight, room)
            painter.setPen(ink)
            painter.drawText(QPointF(text_left, baseline), text)

    def _room_after(self, placed: _Placed) -> float:
        """Where the next item of its row begins on the screen: its label stops there."""
        row = self._rows[placed.row]
        at = bisect.bisect_right(self._starts[placed.row], placed.start)
        for following in row[at:]:
            if following is not placed:
                return self._item_rect(following).left() - 6
        return float(self.width() + 10_000)

    def _paint_axis(self, painter: QPainter, size: QSize, ink: QColor, faint: QColor) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(QRectF(0, 0, size.width(), AXIS_HEIGHT), base)
        left, right = self._visible_days(size)
        if right <= left:
            return
        for day, text in _ticks(left, right, size.width() - NAMES_WIDTH):
            x = self.to_screen(day.toordinal(), 0).x()
            if x < NAMES_WIDTH:
                continue
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QLineF(x, AXIS_HEIGHT - 6, x, size.height()))
            painter.setPen(ink)
            painter.drawText(QPointF(x + 3, AXIS_HEIGHT - 9), text)

    def _paint_names(
        self, painter: QPainter, size: QSize, ink: QColor, metrics: QFontMetricsF
    ) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(QRectF(0, AXIS_HEIGHT, NAMES_WIDTH, size.height()), base)
        painter.setPen(ink)
        font = painter.font()
        for lane in self._visible_lanes(size):
            name = self.timeline.lanes[lane]
            y = self.to_screen(0, self._lane_rows[lane]).y()
            if y + ROW_HEIGHT < AXIS_HEIGHT or y > size.height():
                continue
            font.setItalic(name == ARTICLES_LANE)
            painter.setFont(font)
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, NAMES_WIDTH - 12)
            painter.drawText(QPointF(6, y + ROW_HEIGHT / 2 + metrics.ascent() / 2 - 1), text)

    def record_at(self, point: QPointF) -> tuple[str, str] | None:
        if point.x() < NAMES_WIDTH or point.y() < AXIS_HEIGHT:
            return None
        for placed in reversed(self._visible(self.size())):
            if self._item_rect(placed).adjusted(-3, -3, 3, 3).contains(point):
                return placed.item.record_id, _describe(placed.item)
        return None

    def item_centre(self, record_id: str) -> QPointF | None:
        """Where a record's (first) item is drawn, for a test or a tool that clicks it."""
        for placed in self.placed:
            if placed.item.record_id == record_id:
                return self._item_rect(placed).center()
        return None


def _ticks(left: float, right: float, width: float) -> list[tuple[dt.date, str]]:
    """The axis's marks between two days (ordinals): years, every few years when the span is
    long, months when it is short; about one every 90 pixels at most."""
    first = dt.date.fromordinal(max(1, int(left)))
    last = dt.date.fromordinal(max(1, min(int(right) + 1, dt.date.max.toordinal() - 1)))
    per_mark = (right - left) / max(width / 90, 1)  # days
    if per_mark < 200:
        step = next(m for m in (1, 2, 3, 6, 12) if m * 30 >= per_mark)
        marks, month = [], dt.date(first.year, first.month, 1)
        while month <= last:
            if (month.month - 1) % step == 0:
                marks.append(
                    (month, f"{month:%Y-%m}" if month.month == 1 or step < 12 else f"{month.year}")
                )
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return marks
    years = next(y for y in (1, 2, 5, 10, 20, 50, 100) if y * 365 >= per_mark)
    start = first.year - first.year % years
    return [(dt.date(y, 1, 1), str(y)) for y in range(max(start, 1), last.year + 1, years)]


def _describe(item: TimelineItem) -> str:
    """What a timeline item's tooltip says."""
    what = {"announced": "Announced", "closed": "Closed", "event": "Event", "article": "Article",
            "figure": item.lane.capitalize()}  # fmt: skip
    lines = [f"{what[item.kind]} {item.span.text}: {item.label}"]
    if item.detail:
        lines.append(textwrap.fill(item.detail, 70))
    if item.status:
        lines.append(f"Status: {item.status}")
    if item.inferred:
        lines.append("Date inferred: no passage prints it")
    if item.conflicting:
        lines.append("Sources disagree on this date")
    return "\n".join(lines)


# -- the ownership graph -----------------------------------------------------------------------

NODE_PADDING = 8.0
NODE_HEIGHT = 24.0
GRAPH_SCALE = 110.0  # pixels per layout unit at zoom 1
# Below this zoom, with more companies than DETAIL_NODES in view, companies are dots.
DETAIL_ZOOM = 0.5
DETAIL_NODES = 60
LABEL_ZOOM = 0.45  # links' labels from this zoom on


class GraphCanvas(PictureCanvas):
    """Companies and who holds what: deals from acquirer to target with their stake and date
    (dashed when rumoured, negotiated or failed, lighter when only announced), sellers'
    stakes dotted, parents thin. Zoomed out on a large graph, companies are dots and links
    bare lines, drawn in a few calls; names and labels come with the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Ownership graph")
        self.names: dict[str, str] = {}
        self.links: list[Link] = []
        self.places: dict[str, Point] = {}
        # The same as arrays, for drawing and finding only what is in view: the nodes in
        # order, their world places and widths; each drawable link's two ends, as indices.
        self._nodes: list[str] = []
        # (Made by ``set_graph``: nothing reads them while ``_nodes`` is empty.)
        self._xy: np.ndarray
        self._widths: np.ndarray
        self._drawn: list[Link] = []
        self._ends: np.ndarray
        # The zoomed-out drawing, made when first needed for this graph.
        self._overview: tuple[dict[tuple[str, bool], QPainterPath], QPolygonF] | None = None

    def set_graph(
        self, names: Mapping[str, str], links: Sequence[Link], places: Mapping[str, Point]
    ) -> None:
        """What to draw; the view keeps its zoom and place, so that an edit moves nothing but
        what it changed (the first graph is fitted to the view, and to its size until the user
        zooms or pans)."""
        import numpy as np

        first = not self.places
        self.names = dict(names)
        self.links = list(links)
        self.places = {n: (x * GRAPH_SCALE, y * GRAPH_SCALE) for n, (x, y) in places.items()}
        metrics = QFontMetricsF(self.font())
        self._nodes = [n for n in self.places if n in self.names]
        index = {n: i for i, n in enumerate(self._nodes)}
        self._xy = np.array([self.places[n] for n in self._nodes], dtype=float).reshape(-1, 2)
        self._widths = np.array(
            [metrics.horizontalAdvance(self.names[n]) + 2 * NODE_PADDING for n in self._nodes]
        )
        self._drawn = [k for k in self.links if k.source in index and k.target in index]
        self._ends = np.array(
            [(index[k.source], index[k.target]) for k in self._drawn], dtype=int
        ).reshape(-1, 2)
        self._overview = None
        if first:
            self.fit()
        self.update()

    def bounds(self) -> QRectF:
        if not self._nodes:
            return QRectF()
        (left, top), (right, bottom) = self._xy.min(axis=0), self._xy.max(axis=0)
        return QRectF(left - 90, top - 30, right - left + 180, bottom - top + 60)

    def _screen(self) -> tuple[np.ndarray, np.ndarray]:
        return (
            self._xy[:, 0] * self.zoom.x() + self.offset.x(),
            self._xy[:, 1] * self.zoom.y() + self.offset.y(),
        )

    def _in_view(self, size: QSize) -> np.ndarray:
        x, y = self._screen()
        half = self._widths / 2
        return (
            (x + half >= -40)
            & (x - half <= size.width() + 40)
            & (y >= -40)
            & (y <= size.height() + 40)
        )

    def _node_rect(self, i: int) -> QRectF:
        x = self._xy[i, 0] * self.zoom.x() + self.offset.x()
        y = self._xy[i, 1] * self.zoom.y() + self.offset.y()
        width = float(self._widths[i])
        return QRectF(x - width / 2, y - NODE_HEIGHT / 2, width, NODE_HEIGHT)

    def paint_picture(self, painter: QPainter, size: QSize) -> None:
        if not self._nodes:
            return
        import numpy as np

        painter.setFont(self.font())
        shown = self._in_view(size)
        links = np.flatnonzero(shown[self._ends[:, 0]] | shown[self._ends[:, 1]])
        nodes = np.flatnonzero(shown)
        if self.zoom.x() >= DETAIL_ZOOM or len(nodes) <= DETAIL_NODES:
            self._paint_detailed(painter, nodes, links)
        else:
            self._paint_overview(painter, nodes, links)

    def _paint_overview(self, painter: QPainter, nodes: np.ndarray, links: np.ndarray) -> None:
        """Dots and bare lines: paths made once per graph, in world units, drawn through the
        view's transform with pens that keep their width (a few calls for all of it)."""
        if self._overview is None:
            self._overview = self._overview_paths()
        lines, dots = self._overview
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # hairlines and dots
        painter.setTransform(
            QTransform(self.zoom.x(), 0, 0, self.zoom.y(), self.offset.x(), self.offset.y()),
            True,
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for (kind, unsure), path in lines.items():
            pen = self._link_pen(kind, unsure, "", False)
            pen.setWidthF(1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)
        dot = QPen(kind_colour("company").darker(130), 5, c=Qt.PenCapStyle.SquareCap)
        dot.setCosmetic(True)
        painter.setPen(dot)
        painter.drawPoints(dots)
        painter.restore()
        x, y = self._screen()
        chosen = [i for i in nodes if self._nodes[i] in self.selected]
        if chosen:
            painter.setPen(QPen(self.ink(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects([QRectF(x[i] - 5, y[i] - 5, 10, 10) for i in chosen])

    def _overview_paths(self) -> tuple[dict[tuple[str, bool], QPainterPath], QPolygonF]:
        lines: dict[tuple[str, bool], QPainterPath] = {}
        for link, (a, b) in zip(self._drawn, self._ends, strict=True):
            path = lines.setdefault((link.kind, link.unsure), QPainterPath())
            path.moveTo(*self._xy[a])
            path.lineTo(*self._xy[b])
        dots = QPolygonF([QPointF(x, y) for x, y in self._xy])
        return lines, dots

    def _paint_detailed(self, painter: QPainter, nodes: np.ndarray, links: np.ndarray) -> None:
        metrics = QFontMetricsF(self.font())
        labels = self.zoom.x() > LABEL_ZOOM
        ends = {int(e) for i in links for e in self._ends[i]} | {int(i) for i in nodes}
        rects = {i: self._node_rect(i) for i in ends}
        pairs: dict[tuple[int, int], int] = {}
        for i in links:
            a, b = (int(e) for e in self._ends[i])
            bend = pairs.get((a, b), 0)
            pairs[(a, b)] = bend + 1
            self._paint_link(painter, self._drawn[i], rects[a], rects[b], metrics, labels, bend)
        ink = self.ink()
        base = QBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
        plain, chosen = QPen(kind_colour("company").darker(150), 1.2), QPen(ink, 3)
        for i in nodes:
            rect = rects[int(i)]
            painter.setPen(chosen if self._nodes[i] in self.selected else plain)
            painter.setBrush(base)
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(ink)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.names[self._nodes[i]])

    def _link_pen(self, kind: str, unsure: bool, status: str, selected: bool) -> QPen:
        colour = kind_colour("deal") if kind == "deal" else self.faint()
        if kind == "deal" and status == "failed":
            colour = CONFLICT_COLOUR
        elif kind == "deal" and status == "announced":
            colour.setAlpha(150)
        pen = QPen(colour, 2.2 if kind == "deal" else 1.4)
        if kind == "seller":
            pen.setStyle(Qt.PenStyle.DotLine)
        elif unsure:
            pen.setStyle(Qt.PenStyle.DashLine)
        if selected:
            pen.setColor(self.ink())
            pen.setWidthF(3.2)
        return pen

    def _paint_link(
        self,
        painter: QPainter,
        link: Link,
        source: QRectF,
        target: QRectF,
        metrics: QFontMetricsF,
        labels: bool,
        bend: int,
    ) -> None:
        start, end = source.center(), target.center()
        if bend:  # a second link between the same two: beside the first
            normal = QPointF(-(end.y() - start.y()), end.x() - start.x())
            length = math.hypot(normal.x(), normal.y()) or 1
            shift = normal * (10 * bend / length)
            start, end = start + shift, end + shift
        tip = _edge_of(target, start, end)
        pen = self._link_pen(link.kind, link.unsure, link.status, link.record_id in self.selected)
        painter.setPen(pen)
        painter.drawLine(QLineF(start, tip))
        _arrow_head(painter, start, tip, pen.color())
        if labels and link.label:
            middle = start + (tip - start) * 0.45  # apart from the labels of its target's others
            text = f"{link.label} ({link.status})" if link.unsure else link.label
            width, height = metrics.horizontalAdvance(text) + 4, metrics.height()
            box = QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
            painter.fillRect(box, self.palette().color(QPalette.ColorRole.Base))
            painter.setPen(self.ink() if link.kind == "deal" else self.faint().darker(120))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def node_centre(self, node: str) -> QPointF:
        """Where a company is drawn, for a test or a tool that clicks it."""
        return self._node_rect(self._nodes.index(node)).center()

    def record_at(self, point: QPointF) -> tuple[str, str] | None:
        if not self._nodes:
            return None
        import numpy as np

        x, y = self._screen()
        px, py = point.x(), point.y()
        hit = np.flatnonzero(
            (np.abs(x - px) <= self._widths / 2) & (np.abs(y - py) <= NODE_HEIGHT / 2)
        )
        if len(hit):
            node = self._nodes[int(hit[-1])]
            return node, self.names[node]
        if not len(self._ends):
            return None
        ax, ay = x[self._ends[:, 0]], y[self._ends[:, 0]]
        bx, by = x[self._ends[:, 1]], y[self._ends[:, 1]]
        dx, dy = bx - ax, by - ay
        length = np.maximum(dx * dx + dy * dy, 1e-9)
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / length, 0.0, 1.0)
        distance = np.hypot(px - (ax + t * dx), py - (ay + t * dy))
        nearest = int(np.argmin(distance))
        if distance[nearest] >= 6:
            return None
        link = self._drawn[nearest]
        source = self.names.get(link.source, link.source)
        names = f"{source} → {self.names.get(link.target, link.target)}"
        kind = {"deal": "Deal", "seller": "Stake sold", "parent": "Parent"}[link.kind]
        status = f" ({link.status})" if link.status else ""
        return link.record_id, f"{kind}: {names}\n{link.label}{status}"


def _edge_of(rect: QRectF, start: QPointF, end: QPointF) -> QPointF:
    """Where the segment from ``start`` to ``end`` (inside ``rect``) enters ``rect``."""
    dx, dy = end.x() - start.x(), end.y() - start.y()
    if dx == 0 and dy == 0:
        return end
    scale = min(
        (rect.width() / 2) / abs(dx) if dx else math.inf,
        (rect.height() / 2) / abs(dy) if dy else math.inf,
    )
    return QPointF(end.x() - dx * min(scale, 1.0), end.y() - dy * min(scale, 1.0))


def _arrow_head(painter: QPainter, start: QPointF, tip: QPointF, colour: QColor) -> None:
    angle = math.atan2(tip.y() - start.y(), tip.x() - start.x())
    size = 9.0
    left = QPointF(tip.x() - size * math.cos(angle - 0.4), tip.y() - size * math.sin(angle - 0.4))
    right = QPointF(tip.x() - size * math.cos(angle + 0.4), tip.y() - size * math.sin(angle + 0.4))
    painter.setBrush(QBrush(colour))
    painter.setPen(QPen(colour, 1))
    painter.drawPolygon(QPolygonF([tip, left, right]))


# -- the dock ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PictureRequest:
    """What the pictures are drawn from: a copy of the records as they are, and the choices."""

    number: int
    records: tuple[Record, ...]
    articles: Mapping[str, Article]
    lanes: LaneChoice
    search: tuple[str, ...] | None  # the articles the timeline keeps (None: all)
    company: str | None  # whose figures
    places: Mapping[str, Point]  # the graph's places before


@dataclass(frozen=True)
class PictureData:
    """The pictures' contents, made off the GUI thread from a request."""

    number: int
    timeline: Timeline
    links: list[Link]
    names: dict[str, str]
    places: dict[str, Point]
    companies: dict[str, str]  # the companies with figures, by id
    company: str | None
    figures: Timeline


def picture_data(request: PictureRequest) -> PictureData:
    """Everything the dock draws: the part of the work that grows with the archive."""
    store = FactStore(request.records)
    timeline = build_timeline(store, request.articles, request.lanes, request.search)
    links = ownership_links(store)
    names = companies_of(store, links)
    places = layout(sorted(names), links, request.places)
    entities = {f.entity for f in store.of_kind("figure") if isinstance(f, Figure)}
    companies = companies_named(store, entities)
    company = (
        request.company
        if request.company in companies
        else next(iter(sorted(companies, key=lambda c: companies[c].casefold())), None)
    )
    figures = (
        figures_timeline(store, request.articles, company) if company else Timeline((), (), ())
    )
    return PictureData(request.number, timeline, links, names, places, companies, company, figures)


class PictureWorker(QObject):
    """Makes the pictures' contents in its own thread; a request older than the newest one
    asked for is skipped."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.latest = 0

    @Slot(object)
    def make(self, request: PictureRequest) -> None:
        if request.number < self.latest:
            return
        try:
            data = picture_data(request)
        except Exception as exc:  # said in the window, never a dead thread
            self.failed.emit(f"The pictures could not be drawn: {exc}")
            return
        self.ready.emit(data)


class PicturesDock(QDockWidget):
    """The timeline, the ownership graph and the figures, in tabs, with their controls. They
    follow the facts as they change and, if asked, the search; what they show is made in a
    worker thread (it grows with the archive), and drawn when it comes back."""

    record_clicked = Signal(str)
    failed = Signal(str, str)
    _requested = Signal(object)

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__("Pictures", parent)
        self.setObjectName("pictures")
        self.dialogs = dialogs
        self.store = FactStore()
        self.articles: Mapping[str, Article] = {}
        self.search_articles: list[str] | None = None
        self.timeline = TimelineCanvas()
        self.graph = GraphCanvas()
        self.figures = TimelineCanvas()
        self.figures.setAccessibleName("Figures over time")
        self.company_box = QComboBox()
        self.company_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lanes_box = QComboBox()
        self.lanes_box.addItem("A lane per company", "company")
        self.lanes_box.addItem("A lane per kind", "kind")
        self.follow_box = QCheckBox("Only the articles of the search")
        self.as_of_box = QCheckBox("As of")
        self.as_of_slider = QSlider(Qt.Orientation.Horizontal)
        self.as_of_slider.setEnabled(False)
        self.as_of_label = QLabel("every date")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._page(self.timeline, [self.lanes_box, self.follow_box]), "Timeline")
        self.tabs.addTab(
            self._page(self.graph, [self.as_of_box, self.as_of_slider, self.as_of_label]),
            "Ownership",
        )
        self.tabs.addTab(
            self._page(self.figures, [QLabel("Figures of"), self.company_box]), "Figures"
        )
        self.setWidget(self.tabs)
        self._days: list[dt.date] = []
        self._links: list[Link] = []
        self._names: dict[str, str] = {}
        self._places: dict[str, Point] = {}
        self._stale = True
        # The company whose figures are shown (or to show, once the dock is).
        self._figures_of: str | None = None
        self._number = 0
        self.busy = False
        self._thread: QThread | None = None
        self._worker = PictureWorker()
        self.lanes_box.currentIndexChanged.connect(self.refresh)
        self.follow_box.toggled.connect(self.refresh)
        self.as_of_box.toggled.connect(self._on_as_of_toggled)
        self.as_of_slider.valueChanged.connect(self._show_graph)
        self.company_box.currentIndexChanged.connect(self._on_company_chosen)
        self._worker.ready.connect(self._on_ready)
        self._worker.failed.connect(self._on_failed)
        self._requested.connect(self._worker.make)
        for canvas in self.canvases:
            canvas.record_clicked.connect(self.record_clicked)

    def _page(self, canvas: PictureCanvas, controls: list[QWidget]) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        for control in controls:
            row.addWidget(control, 1 if isinstance(control, QSlider) else 0)
        row.addStretch(0 if any(isinstance(c, QSlider) for c in controls) else 1)
        export = QPushButton("Export…")
        export.clicked.connect(self.ask_export)
        row.addWidget(export)
        layout_ = QVBoxLayout(page)
        layout_.setContentsMargins(2, 2, 2, 2)
        layout_.addLayout(row)
        layout_.addWidget(canvas, 1)
        return page

    # -- what is shown -------------------------------------------------------------------------

    def set_facts(self, store: FactStore, articles: Mapping[str, Article]) -> None:
        self.store, self.articles = store, articles
        self._places = {}
        self.refresh()

    def set_search(self, article_ids: Sequence[str] | None) -> None:
        """The articles the search finds now, all of them (None: no search)."""
        self.search_articles = None if article_ids is None else list(article_ids)
        if self.follow_box.isChecked():
            self.refresh()

    @property
    def canvases(self) -> tuple[PictureCanvas, ...]:
        """In the tabs' order."""
        return self.timeline, self.graph, self.figures

    def set_selected(self, record_ids: Collection[str]) -> None:
        """Marks the records selected in the fact panel; a company (or a figure's company)
        becomes the one whose figures are shown."""
        for canvas in self.canvases:
            canvas.set_selected(record_ids)
        for record_id in record_ids:
            record = self.store.get(record_id)
            company = record.entity if isinstance(record, Figure) else record_id
            if isinstance(record, Company | Figure) and company != self._figures_of:
                self._figures_of = company
                self.refresh()

    def refresh(self) -> None:
        """Asks for the pictures to be made again (after an edit, an undo, a reload, a choice);
        a hidden dock waits until it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._thread is None:
            self._thread = thread_for(self._worker, "pictures")
            self._thread.start()
        self._number += 1
        self._worker.latest = self._number
        self.busy = True
        self.setWindowTitle("Pictures (drawing…)")
        found = self.search_articles if self.follow_box.isChecked() else None
        self._requested.emit(
            PictureRequest(
                self._number, tuple(self.store), self.articles, self.lanes_box.currentData(),
                None if found is None else tuple(found), self._figures_of, dict(self._places),
            )
        )  # fmt: skip

    def _on_ready(self, data: PictureData) -> None:
        if data.number != self._number:
            return  # a newer request is on its way
        self.busy = False
        self.setWindowTitle("Pictures")
        self.timeline.set_timeline(data.timeline)
        self._links, self._names, self._places = data.links, data.names, data.places
        self._show_graph()
        self._figures_of = data.company
        self.company_box.blockSignals(True)
        self.company_box.clear()
        for company, name in sorted(data.companies.items(), key=lambda p: p[1].casefold()):
            self.company_box.addItem(name, company)
        self.company_box.setCurrentIndex(max(self.company_box.findData(data.company), 0))
        self.company_box.blockSignals(False)
        self.figures.set_timeline(data.figures)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self.setWindowTitle("Pictures")
        self.failed.emit("Pictures", message)

    def _on_company_chosen(self) -> None:
        self._figures_of = self.company_box.currentData()
        self.refresh()

    def _show_graph(self) -> None:
        """The graph as of the date chosen, from the links and places made last."""
        days = sorted({link.date.start for link in self._links if link.date is not None})
        if days != self._days:
            self._days = days
            self.as_of_slider.setRange(0, max(len(days) - 1, 0))
        day = self.as_of_day()
        self.as_of_label.setText(day.isoformat() if day else "every date")
        shown = as_of(self._links, day)
        ends = {end for link in shown for end in (link.source, link.target)}
        names = {n: name for n, name in self._names.items() if n in ends}
        self.graph.set_graph(names, shown, self._places)

    def as_of_day(self) -> dt.date | None:
        if not self.as_of_box.isChecked() or not self._days:
            return None
        return self._days[min(self.as_of_slider.value(), len(self._days) - 1)]

    def _on_as_of_toggled(self, on: bool) -> None:
        self.as_of_slider.setEnabled(on)
        self._show_graph()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def shutdown(self) -> None:
        """Stops the worker's thread (the window is closing)."""
        if self._thread is not None:
            end_thread(self._thread)
            self._thread = None

    def show_view(self, view: str) -> None:
        """Shows the dock on one of VIEWS: "timeline", "graph" or "figures"."""
        self.show()
        self.raise_()
        self.tabs.setCurrentIndex(VIEWS.index(view))

    def current_canvas(self) -> PictureCanvas:
        return self.canvases[self.tabs.currentIndex()]

    def ask_export(self) -> None:
        canvas = self.current_canvas()
        suggested = Path.home() / f"{canvas.accessibleName().lower().replace(' ', '-')}.png"
        path = self.dialogs.save_file(
            self, f"Export the {canvas.accessibleName()}", suggested, PICTURE_FILTER
        )
        if path is None:
            return
        try:
            canvas.export(path)
        except OSError as exc:
            self.failed.emit("Export picture", str(exc))
