"""The fact panel shows the archive's records, their passages and their problems."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from archive_gui.core.facts.anchors import Anchor
from archive_gui.core.facts.records import CANDIDATE, Company, Deal, Evidence, Figure
from archive_gui.core.library import Library
from archive_gui.core.titles import NBSP, format_number, format_quantity
from archive_gui.ui.fact_models import (
    RECORD_ID_ROLE,
    RECORD_KINDS,
    SORT_ROLE,
    RecordFilterProxy,
    RecordTableModel,
)
from archive_gui.ui.fact_panel import FactPanel, RecordTab
from archive_gui.ui.record_format import ORPHANED_NOTE, PassageLink, RecordLink, parse_link

FLUXUS_ARTICLE = "fluxus-passe-sous-drapeau-anglais"
NUMERGY_DEAL = "sfr-takes-over-numergy"


@pytest.fixture
def library(archive: Path) -> Library:
    """The bundled archive and its curated facts, in a copy this test may change."""
    return Library.open(archive)


@pytest.fixture
def panel(qtbot: QtBot, library: Library) -> FactPanel:
    panel = FactPanel(library)
    qtbot.addWidget(panel)
    panel.resize(1000, 800)
    return panel


def column_texts(tab: RecordTab, column: int) -> list[str]:
    proxy = tab.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def hrefs(html: str, scheme: str) -> list[str]:
    return re.findall(rf'href="({scheme}:[^"]*)"', html)


# --- Models -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_kind_model_passes_the_model_tester(
    qtmodeltester: ModelTester, library: Library, kind: str
) -> None:
    model = RecordTableModel(library.store, kind)
    qtmodeltester.check(model)
    assert model.rowCount() == len(library.store.of_kind(kind)) > 0


def test_filtered_and_sorted_proxy_passes_the_model_tester(
    qtmodeltester: ModelTester, library: Library
) -> None:
    proxy = RecordFilterProxy()
    proxy.setSourceModel(RecordTableModel(library.store, "figure"))
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    proxy.set_filter_text("fluxus")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < 27


def test_model_follows_records_added_changed_and_removed(
    qtmodeltester: ModelTester, qtbot: QtBot, panel: FactPanel, library: Library
) -> None:
    """The table follows the store as edits change it: rows inserted, changed and removed,
    the tab's title counting them, the selection kept, never a reset."""
    model = panel.model("company")
    qtmodeltester.check(model)
    store = library.store
    resets: list[object] = []
    model.modelReset.connect(lambda: resets.append(None))

    with qtbot.waitSignal(model.rowsInserted) as inserted:
        store.add(Company(id="ovh", name="OVH", kind="host"), position=store.position("thales"))
    thales_row = model.row_of("thales")
    assert thales_row is not None
    assert inserted.args[1:] == [thales_row - 1, thales_row - 1]
    assert model.record_at(thales_row - 1) is store["ovh"]
    assert panel.tabs.tabText(0) == "Companies (23)"

    assert panel.select_record("ovh")
    company = store["ovh"]
    assert isinstance(company, Company)
    with qtbot.waitSignal(model.dataChanged):
        store.replace(dataclasses.replace(company, country="France"))
    assert model.index(thales_row - 1, 2).data() == "France"
    assert "Country\nFrance" in panel.tab("company").detail.toPlainText()
    assert panel.current_record() is store["ovh"]

    with qtbot.waitSignal(panel.record_selected) as selected:
        store.remove("ovh")
    # As in any list, the row after the removed one becomes the selection.
    assert selected.args == ["thales"]
    assert model.row_of("ovh") is None
    assert panel.tab("company").detail.toPlainText().startswith("Thales")
    assert panel.tabs.tabText(0) == "Companies (22)"
    assert resets == []


def test_a_rename_shows_in_the_rows_of_other_kinds(panel: FactPanel, library: Library) -> None:
    deals = panel.model("deal")
    row = deals.row_of("sfr-takes-over-numergy")
    assert row is not None
    sfr = library.store["sfr"]
    assert isinstance(sfr, Company)
    library.store.replace(dataclasses.replace(sfr, name="SFR Group"))
    shown = [deals.index(row, column).data() for column in range(deals.columnCount())]
    assert "SFR Group" in shown


def test_deal_rows_show_names_and_sellers_with_stakes(library: Library) -> None:
    model = RecordTableModel(library.store, "deal")
    row = model.row_of(NUMERGY_DEAL)
    assert row is not None
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    cells = dict(zip(headers, (model.index(row, c).data() for c in range(7)), strict=True))
    assert cells["Acquirer"] == "SFR"
    assert cells["Target"] == "Numergy"
    assert cells["Sellers"] == f"Caisse des Dépôts 33{NBSP}%, Atos 20{NBSP}%"
    assert cells["Announced"] == "2015-12-02"
    assert model.index(row, 0).data(RECORD_ID_ROLE) == NUMERGY_DEAL


def test_values_are_grouped_by_thousands_with_their_unit() -> None:
    assert format_quantity(105_000_000, "FRF") == "105 000 000 FRF".replace(" ", NBSP)
    assert format_quantity(33, "%") == f"33{NBSP}%"
    assert format_number(-29_242_500) == f"-29{NBSP}242{NBSP}500"
    assert format_number(16.3) == "16,3"


def test_sorting_by_value_is_numeric(panel: FactPanel) -> None:
    tab = panel.tab("figure")
    tab.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    values = [tab.proxy.index(r, 2).data(SORT_ROLE) for r in range(tab.proxy.rowCount())]
    assert values == sorted(values)
    shown = column_texts(tab, 2)
    assert shown[0] == format_quantity(-29_242_500, "EUR")
    assert shown[-1] == format_quantity(400_000_000, "EUR")
    # As text, "105 000 000" would come before "2 000 000".
    assert shown.index(format_quantity(2_000_000, "EUR")) < shown.index(
        format_quantity(105_000_000, "FRF")
    )


def test_rows_keep_the_curated_order_until_a_header_is_clicked(panel: FactPanel) -> None:
    assert column_texts(panel.tab("deal"), 0) == ["BT Ignite", "Orange", "SFR", "Atos", "Altice"]


# --- Filtering --------------------------------------------------------------------------------


def test_filter_box_narrows_rows_ignoring_case_and_accents(qtbot: QtBot, panel: FactPanel) -> None:
    companies = panel.tab("company")
    assert companies.filter_edit.placeholderText() == "Filter…"
    qtbot.keyClicks(companies.filter_edit, "thales")
    assert column_texts(companies, 0) == ["Thales"]
    # Typed with its accent (set directly: Qt's test library cannot type "è").
    companies.filter_edit.setText("THALÈS")
    assert column_texts(companies, 0) == ["Thales"]
    companies.filter_edit.setText("caisse des depots")
    assert column_texts(companies, 0) == ["Caisse des Dépôts"]
    companies.filter_edit.clear()
    assert companies.proxy.rowCount() == 22

    figures = panel.tab("figure")
    figures.filter_edit.setText("thalès")
    assert column_texts(figures, 0) == ["Thales"]


def test_every_word_of_the_filter_must_match(panel: FactPanel) -> None:
    figures = panel.tab("figure")
    figures.filter_edit.setText("caisse stake")
    assert len(column_texts(figures, 0)) == 2
    figures.filter_edit.setText("caisse 2015-12")
    assert [figures.proxy.index(0, 0).data(RECORD_ID_ROLE)] == [
        "caisse-des-depots-stake-in-numergy"
    ]
    assert figures.proxy.rowCount() == 1


def test_select_record_clears_a_filter_that_hides_it(panel: FactPanel) -> None:
    companies = panel.tab("company")
    companies.filter_edit.setText("thales")
    assert panel.select_record("orange")
    assert companies.filter_edit.text() == ""
    current = panel.current_record()
    assert current is not None
    assert current.id == "orange"


# --- Selection --------------------------------------------------------------------------------


def test_tabs_are_in_order_with_counts(panel: FactPanel) -> None:
    titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert titles == [
        "Companies (22)",
        "Deals (5)",
        "People (5)",
        "Figures (27)",
        "Events (15)",
    ]


def test_clicking_a_row_emits_record_selected(qtbot: QtBot, panel: FactPanel) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    tab = panel.tab("company")
    index = tab.proxy.index(6, 0)
    assert index.data() == "Orange"
    with qtbot.waitSignal(panel.record_selected) as selected:
        qtbot.mouseClick(
            tab.view.viewport(), Qt.MouseButton.LeftButton, pos=tab.view.visualRect(index).center()
        )
    assert selected.args == ["orange"]
    assert "Orange" in tab.detail.toPlainText()


def test_selecting_in_another_tab_announces_the_record_once(qtbot: QtBot, panel: FactPanel) -> None:
    panel.select_record("fluxus")
    announced: list[str] = []
    panel.record_selected.connect(announced.append)
    assert panel.select_record(NUMERGY_DEAL)
    assert announced == [NUMERGY_DEAL]
    assert panel.tabs.currentIndex() == 1


def test_select_record_on_an_unknown_id_returns_false(panel: FactPanel) -> None:
    panel.select_record("sfr")
    assert panel.select_record("no-such-record") is False
    current = panel.current_record()
    assert current is not None
    assert current.id == "sfr"


def test_show_tab_3_shows_figures(panel: FactPanel) -> None:
    panel.show_tab(3)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "Figures (27)"
    panel.show_tab(9)
    assert panel.tabs.currentIndex() == 3


def test_select_records_lists_several_to_pick_from(qtbot: QtBot, panel: FactPanel) -> None:
    assert panel.select_records(["fluxus", "sergio-lovera", "no-such-record"])
    current = panel.current_record()
    assert current is not None
    assert current.id == "fluxus"
    assert not panel.records_here.isHidden()
    assert "Sergio Lovera" in panel.records_here.text()

    panel.records_here.linkActivated.emit("record:sergio-lovera")
    assert panel.tabs.currentIndex() == 2
    current = panel.current_record()
    assert current is not None
    assert current.id == "sergio-lovera"

    panel.select_records(["orange"])
    assert panel.records_here.isHidden()


# --- Detail -----------------------------------------------------------------------------------


def test_numergy_deal_detail_links_companies_and_both_articles(panel: FactPanel) -> None:
    panel.select_record(NUMERGY_DEAL)
    detail = panel.tab("deal").detail
    html = detail.toHtml()
    text = detail.toPlainText()
    assert re.search(r'<a href="record:sfr">.*?SFR.*?</a>', html)
    assert "record:caisse-des-depots" in html
    assert "record:atos" in html
    assert "Caisse des Dépôts 33 %, Atos 20 %" in text
    sellers = text[text.index("Sellers") : text.index("Stake after")]
    assert "Dans l'impasse, Numergy est repris par SFR, 2015-12-03" in sellers
    assert "SFR rachète la totalité de Numergy, 2015-12-03" in sellers
    passages = hrefs(html, "passage")
    assert any(h.startswith("passage:numergy-repris-par-sfr:") for h in passages)
    assert any(h.startswith("passage:sfr-rachete-numergy:") for h in passages)
    deal = panel.current_record()
    assert isinstance(deal, Deal)
    assert f"All passages ({len(deal.evidence)})" in text


def test_record_link_in_the_detail_selects_that_record(qtbot: QtBot, panel: FactPanel) -> None:
    panel.select_record(NUMERGY_DEAL)
    detail = panel.tab("deal").detail
    assert "record:sfr" in hrefs(detail.toHtml(), "record")
    with qtbot.waitSignal(panel.record_selected) as selected:
        detail.anchorClicked.emit(QUrl("record:sfr"))
    assert selected.args == ["sfr"]
    assert panel.tabs.currentIndex() == 0
    companies = panel.tab("company")
    [row] = companies.view.selectionModel().selectedRows()
    assert row.data() == "SFR"
    assert companies.detail.toPlainText().startswith("SFR")


def test_passage_link_emits_passage_activated(qtbot: QtBot, panel: FactPanel) -> None:
    panel.select_record(NUMERGY_DEAL)
    detail = panel.tab("deal").detail
    link = hrefs(detail.toHtml(), "passage")[0]
    with qtbot.waitSignal(panel.passage_activated) as activated:
        detail.anchorClicked.emit(QUrl(link))
    article, start, end = activated.args
    deal = panel.current_record()
    assert deal is not None
    assert (article, start, end) in {
        (e.anchor.article, e.anchor.start, e.anchor.end) for e in deal.evidence
    }
    assert article in {"numergy-repris-par-sfr", "sfr-rachete-numergy"}


def test_company_detail_lists_what_refers_to_it(panel: FactPanel) -> None:
    panel.select_record("fluxus")
    html = panel.tab("company").detail.toHtml()
    text = panel.tab("company").detail.toPlainText()
    assert "record:bt-ignite" in html  # its parent
    assert "record:bt-ignite-acquires-fluxus" in html
    assert "record:sergio-lovera" in html
    assert "record:fluxus-revenue-2000-frf" in html
    assert "record:fluxus-ipo-failed" in html
    assert "Deals (1)" in text
    assert "People (1)" in text


def test_conflict_of_fluxus_2000_revenue_is_shown(panel: FactPanel) -> None:
    figures = panel.tab("figure")
    model = figures.model
    row = model.row_of("fluxus-revenue-2000-frf")
    assert row is not None
    assert model.index(row, 0).data().startswith("⚠")
    assert "Sources disagree on value" in model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)

    panel.select_record("fluxus-revenue-2000-frf")
    text = figures.detail.toPlainText()
    assert "Sources disagree on value" in text
    assert "105 millions de francs — Fluxus passe sous drapeau anglais" in text
    assert "16,3 millions — Plan social chez Fluxus, 2002-07-01" in text
    assert "105 MF is about 16.0 M€" in text


def test_orphaned_passage_is_shown(qtbot: QtBot, archive: Path) -> None:
    """An article edited so a passage is gone: the passage stays, marked orphaned."""
    path = archive / "articles" / f"{FLUXUS_ARTICLE}.md"
    text = path.read_text("utf-8")
    quote = "l'hébergeur de sites critiques Fluxus (ex-FranceNet)"
    path.write_text(text.replace(quote, "la société"), "utf-8")
    library = Library.open(archive)
    assert any(e.anchor.orphaned for e in library.store["fluxus"].evidence)
    panel = FactPanel(library)
    qtbot.addWidget(panel)

    model = panel.model("company")
    row = model.row_of("fluxus")
    assert row is not None
    assert model.index(row, 0).data() == "⚠ Fluxus"
    assert "orphaned" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    panel.select_record("fluxus")
    detail = panel.tab("company").detail.toPlainText()
    assert f"«{quote}»" in detail
    assert ORPHANED_NOTE in detail


def test_data_is_shown_literally_never_as_html(
    qtbot: QtBot, panel: FactPanel, library: Library
) -> None:
    quote = "<script>alert('x')</script> & co"
    anchor = Anchor(article=FLUXUS_ARTICLE, start=0, end=len(quote), quote=quote, orphaned=True)
    library.store.add(
        Company(id="evil", name="<b>x</b>", notes="<i>not italic</i>", evidence=[Evidence(anchor)])
    )
    assert panel.select_record("evil")
    detail = panel.tab("company").detail
    text = detail.toPlainText()
    assert "<b>x</b>" in text
    assert f"«{quote}»" in text
    assert "<i>not italic</i>" in text
    assert "<script>" not in detail.toHtml()
    panel.select_records(["evil", "fluxus"])
    assert "&lt;b&gt;x&lt;/b&gt;" in panel.records_here.text()


def test_candidates_are_italic(panel: FactPanel, library: Library) -> None:
    library.store.replace(dataclasses.replace(library.store["thales"], review=CANDIDATE))
    model = panel.model("company")
    thales, orange = model.row_of("thales"), model.row_of("orange")
    assert thales is not None
    assert orange is not None
    font = model.index(thales, 1).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.italic()
    assert model.index(orange, 1).data(Qt.ItemDataRole.FontRole) is None
    assert "Candidate" in model.index(thales, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_an_edit_keeps_the_selection_and_shows_new_values(
    panel: FactPanel, library: Library
) -> None:
    panel.select_record("fluxus-revenue-1999-frf")
    figure = library.store["fluxus-revenue-1999-frf"]
    assert isinstance(figure, Figure)
    library.store.replace(dataclasses.replace(figure, value=36_600_000))
    current = panel.current_record()
    assert current is not None
    assert current.id == "fluxus-revenue-1999-frf"
    assert "36 600 000 FRF" in panel.tab("figure").detail.toPlainText()


def test_a_reload_without_the_selected_record_clears_the_detail(
    qtbot: QtBot, panel: FactPanel, library: Library
) -> None:
    panel.select_record("concert")
    with qtbot.waitSignal(panel.record_selected) as selected:
        library.store.reset([r for r in library.store if r.id != "concert"])
    assert selected.args == [""]
    assert panel.current_record() is None
    assert panel.tabs.tabText(0) == "Companies (21)"
    assert "Select a record" in panel.tab("company").detail.toPlainText()


def test_a_new_library_replaces_the_records(qtbot: QtBot, panel: FactPanel, tmp_path: Path) -> None:
    panel.select_record("fluxus")
    root = tmp_path / "other"
    (root / "articles").mkdir(parents=True)
    with qtbot.waitSignal(panel.record_selected) as selected:
        panel.set_library(Library.open(root))
    assert selected.args == [""]
    assert panel.tabs.tabText(0) == "Companies (0)"
    assert panel.current_record() is None


def test_links_name_a_record_or_a_passage() -> None:
    assert parse_link("record:sfr") == RecordLink("sfr")
    assert parse_link("passage:sfr-rachete-numergy:10:42") == PassageLink(
        "sfr-rachete-numergy", 10, 42
    )
    assert parse_link("passage:sfr-rachete-numergy:ten:42") is None
    assert parse_link("https://example.org") is None
