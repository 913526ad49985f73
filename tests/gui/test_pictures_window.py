"""The timeline, the ownership graph and the figures as a user works them in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from archive_gui.core.facts.editing import delete_record
from archive_gui.core.pictures.timeline import build_timeline
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.pictures import PictureCanvas
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import search


def shown(qtbot: QtBot, window: MainWindow, view: str) -> None:
    """Opens a picture as a user does, from the View menu."""
    action = {"timeline": window.timeline_action, "graph": window.graph_action}[view]
    action.trigger()
    window.pictures.setFloating(True)  # room for every lane, as a user would give it
    window.pictures.resize(1300, 800)
    qtbot.waitUntil(lambda: window.pictures.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: window.pictures.current_canvas().width() > 300, timeout=5_000)
    drawn(qtbot, window)


def drawn(qtbot: QtBot, window: MainWindow) -> None:
    """Waits for the pictures' worker to have made what the dock shows."""
    qtbot.waitUntil(lambda: not window.pictures.busy, timeout=30_000)


def current(window: MainWindow) -> str | None:
    record = window.fact_panel.current_record()
    return None if record is None else record.id


def click(qtbot: QtBot, canvas: PictureCanvas, point: QPointF) -> None:
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())


def test_a_picture_opens_docked_with_room_to_read_it(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1400, 900)
    window.timeline_action.trigger()
    qtbot.waitUntil(lambda: window.pictures.isVisible(), timeout=5_000)
    assert not window.pictures.isFloating()
    qtbot.waitUntil(lambda: window.pictures.height() >= 0.35 * window.height(), timeout=5_000)
    assert window.pictures.tabs.currentIndex() == 0
    window.graph_action.trigger()
    assert window.pictures.current_canvas() is window.pictures.graph


def test_the_timeline_shows_every_dated_record_and_article(
    qtbot: QtBot, window: MainWindow
) -> None:
    shown(qtbot, window, "timeline")
    canvas = window.pictures.timeline
    expected = build_timeline(window.library.store, window.library.articles)
    assert canvas.timeline == expected
    assert canvas.accessibleName() == "Timeline"
    found = canvas.record_at(canvas.item_centre("orange-takes-over-cloudwatt") or QPointF())
    assert found == (
        "orange-takes-over-cloudwatt",
        "Announced 2015-01-12: Orange → Cloudwatt (takeover)\nStatus: closed",
    )


def test_clicking_an_item_selects_its_record_and_shows_its_passage(
    qtbot: QtBot, window: MainWindow
) -> None:
    shown(qtbot, window, "timeline")
    canvas = window.pictures.timeline
    centre = canvas.item_centre("bt-ignite-acquires-fluxus")
    assert centre is not None
    click(qtbot, canvas, centre)
    assert current(window) == "bt-ignite-acquires-fluxus"
    record = window.library.store["bt-ignite-acquires-fluxus"]
    assert window.reader.article is not None
    assert window.reader.article.id == record.evidence[0].anchor.article
    assert canvas.selected == {"bt-ignite-acquires-fluxus"}  # and it is marked
    article = canvas.item_centre("plan-social-chez-fluxus")
    assert article is not None
    click(qtbot, canvas, article)
    assert window.reader.article.id == "plan-social-chez-fluxus"


def test_zoom_and_pan_with_the_wheel_keys_and_a_drag(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window, "timeline")
    canvas = window.pictures.timeline
    before = canvas.zoom.x()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom.x() == pytest.approx(before * 1.25)
    offset = canvas.offset.x()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.offset.x() < offset
    start = QPointF(400, 200).toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, pos=QPointF(300, 200).toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPointF(300, 200).toPoint())
    assert current(window) is None  # a drag selects nothing
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.zoom.x() == pytest.approx(before)
    assert canvas.auto_fit


def test_the_timeline_can_follow_the_search(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window, "timeline")
    window.pictures.follow_box.setChecked(True)
    search(qtbot, window, "drapeau")

    def articles() -> set[str]:
        items = window.pictures.timeline.timeline.items
        return {i.record_id for i in items if i.kind == "article"}

    qtbot.waitUntil(lambda: articles() == {"fluxus-passe-sous-drapeau-anglais"}, timeout=30_000)


def test_following_the_search_takes_every_article_it_finds(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list shows the best results only; the timeline takes all the search finds."""
    monkeypatch.setattr("archive_gui.ui.workers.RESULT_LIMIT", 1)
    shown(qtbot, window, "timeline")
    window.pictures.follow_box.setChecked(True)
    search(qtbot, window, "numergy")
    assert window.search_pane.model.rowCount() == 1
    found = window.library.matching_articles("numergy")
    assert len(found) == 3

    def articles() -> set[str]:
        items = window.pictures.timeline.timeline.items
        return {i.record_id for i in items if i.kind == "article"}

    qtbot.waitUntil(lambda: articles() == set(found), timeout=30_000)
    window.search_pane.clear()
    qtbot.waitUntil(lambda: articles() == set(window.library.articles), timeout=30_000)


def test_the_graph_follows_the_as_of_date_edits_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window, "graph")
    graph = window.pictures.graph

    def deals() -> set[str]:
        return {k.record_id for k in graph.links if k.kind == "deal"}

    assert "sfr-takes-over-numergy" in deals()
    window.pictures.as_of_box.setChecked(True)
    window.pictures.as_of_slider.setValue(0)  # the earliest date a deal gives
    assert window.pictures.as_of_label.text() == "2001-04-01"  # the BT Ignite deal
    assert "sfr-takes-over-numergy" not in deals()
    window.pictures.as_of_box.setChecked(False)
    places = dict(graph.places)
    assert window.editor is not None
    edit = delete_record(window.library.store, "sfr-takes-over-numergy")
    assert window.editor.apply(edit, "Delete")
    qtbot.waitUntil(lambda: "sfr-takes-over-numergy" not in deals(), timeout=30_000)
    assert {n: graph.places[n] for n in places if n in graph.places} == {
        n: p for n, p in places.items() if n in graph.places
    }  # the rest did not move
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "sfr-takes-over-numergy" in deals(), timeout=30_000)


def test_clicking_a_company_in_the_graph_selects_it(qtbot: QtBot, window: MainWindow) -> None:
    shown(qtbot, window, "graph")
    graph = window.pictures.graph
    click(qtbot, graph, graph.node_centre("numergy"))
    assert current(window) == "numergy"
    assert graph.selected == {"numergy"}


def test_a_figure_selected_shows_its_companys_figures(qtbot: QtBot, window: MainWindow) -> None:
    window.pictures.show_view("figures")
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.pictures.figures.width() > 300, timeout=5_000)
    drawn(qtbot, window)
    assert window.fact_panel.select_record("fluxus-revenue-1999-frf")
    qtbot.waitUntil(lambda: window.pictures.company_box.currentText() == "Fluxus", timeout=30_000)
    drawn(qtbot, window)
    items = window.pictures.figures.timeline.items
    assert "fluxus-revenue-1999-frf" in {i.record_id for i in items}
    assert {i.record_id for i in items} == {
        f.id for f in window.library.store.of_kind("figure") if getattr(f, "entity", "") == "fluxus"
    }


class SaveTo(Dialogs):
    def __init__(self, path: Path) -> None:
        self.path = path

    def save_file(self, parent: object, title: str, suggested: Path, filters: str) -> Path:
        return self.path


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_each_picture_exports_as_png_and_svg(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"picture{suffix}"
    window = make_window(SaveTo(target))
    for view in ("timeline", "graph"):
        shown(qtbot, window, view)
        window.pictures.ask_export()
        assert target.stat().st_size > 1000
        if suffix == ".png":
            image = QImage(str(target))
            assert image.width() == window.pictures.current_canvas().width()
        else:
            text = target.read_text(encoding="utf-8")
            assert "<svg" in text
            assert "Fluxus" in text  # the words are text, not pixels
        target.unlink()
