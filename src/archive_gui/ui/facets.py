"""A facet of the search results: a drop-down list of values with their counts, several of
which can be ticked at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QStylePainter,
    QWidget,
)

COUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 10


class _CountDelegate(QStyledItemDelegate):
    """Shows a value with its count: "LeMagIT (2)"."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        count = index.data(COUNT_ROLE)
        if count is not None:
            option.text = f"{option.text} ({count})"


class FacetBox(QComboBox):
    """The values of one facet, each with how many results have it; ticked values narrow them.

    Clicking a value in the list ticks or unticks it and leaves the list open, to tick
    another; the first entry ("All publications") unticks them all. Choosing an entry with
    the keyboard, or ``setCurrentIndex``/``setCurrentText``, chooses that value alone. The
    box shows the ticked values, or the first entry when none is.
    """

    choice_changed = Signal()

    def __init__(self, all_text: str, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all_text = all_text
        self._noun = noun
        self._chosen: list[str] = []
        self.setModel(QStandardItemModel(self))
        self.setItemDelegate(_CountDelegate(self))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip(f"Only results of the {noun} ticked (several can be)")
        self.set_values({})
        self.view().viewport().installEventFilter(self)
        self.currentIndexChanged.connect(self._on_current_index_changed)

    # -- values ----------------------------------------------------------------------------

    def set_values(self, counts: Mapping[str, int]) -> None:
        """Offers these values, in this order, with their counts; keeps those ticked that
        are still offered."""
        model = self._model()
        self.blockSignals(True)
        model.clear()
        model.appendRow(QStandardItem(self._all_text))
        for value, count in counts.items():
            item = QStandardItem(value)
            item.setData(count, COUNT_ROLE)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            model.appendRow(item)
        self.blockSignals(False)
        self._set_chosen([v for v in self._chosen if v in counts], notify=False)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Updates the offered values' counts (values not in ``counts`` count 0)."""
        model = self._model()
        for row in range(1, model.rowCount()):
            item = model.item(row)
            item.setData(counts.get(item.text(), 0), COUNT_ROLE)

    def count_of(self, value: str) -> int | None:
        row = self.findText(value)
        return self.itemData(row, COUNT_ROLE) if row > 0 else None

    def values(self) -> list[str]:
        return [self.itemText(row) for row in range(1, self.count())]

    # -- choice ----------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """The ticked values, in the list's order; empty for all."""
        return list(self._chosen)

    def set_chosen(self, values: Iterable[str]) -> None:
        """Ticks these values (those not offered are ignored) and no other."""
        offered = set(self.values())
        self._set_chosen([v for v in values if v in offered])

    def toggle(self, value: str) -> None:
        chosen = self.chosen()
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        self.set_chosen(chosen)

    def summary(self) -> str:
        """What the closed box shows."""
        if not self._chosen:
            return self._all_text
        if len(self._chosen) == 1:
            return self._chosen[0]
        return f"{len(self._chosen)} {self._noun}s"

    def _set_chosen(self, values: list[str], notify: bool = True) -> None:
        order = {value: row for row, value in enumerate(self.values())}
        values = sorted(dict.fromkeys(values), key=order.__getitem__)
        changed = values != self._chosen
        self._chosen = values
        model = self._model()
        for row in range(1, model.rowCount()):
            item = model.item(row)
            ticked = item.text() in values
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.blockSignals(True)
        self.setCurrentIndex(self.findText(values[-1]) if values else 0)
        self.blockSignals(False)
        self.setToolTip(
            f"Only results of the {self._noun}s ticked: {', '.join(values)}"
            if values
            else f"Only results of the {self._noun} ticked (several can be)"
        )
        self.update()
        if changed and notify:
            self.choice_changed.emit()

    def _on_current_index_changed(self, index: int) -> None:
        self._set_chosen([self.itemText(index)] if index > 0 else [])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on a value in the open list ticks it and keeps the list open."""
        if watched is self.view().viewport() and event.type() in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        ):
            assert isinstance(event, QMouseEvent)
            index = self.view().indexAt(event.position().toPoint())
            if index.isValid() and index.row() > 0:
                if event.type() == QEvent.Type.MouseButtonRelease:
                    self.toggle(self.itemText(index.row()))
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.summary()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _model(self) -> QStandardItemModel:
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        return model
