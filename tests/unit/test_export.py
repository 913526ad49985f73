"""Exports of the bundled archive's facts: FollowTheMoney, CSV and JSON, read back as the tools
that receive them would."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from archive_gui.core.exchange.export import ExportError, export_text, export_to
from archive_gui.core.exchange.selection import Selection, select
from archive_gui.core.facts.records import Company, Deal
from archive_gui.core.library import Library


@pytest.fixture
def library(archive: Path) -> Library:
    return Library.open(archive)


def everything(library: Library, **options: object) -> Selection:
    return select(library.store, library.articles, namespace="sample", **options)  # type: ignore[arg-type]


def read_ftm(text: str) -> dict[str, EntityProxy]:
    """The entities of an FtM export, each checked as FtM checks them: a known schema, its
    required properties, every value valid for its type and every reference resolved to an
    entity of the schema the property expects."""
    entities: dict[str, EntityProxy] = {}
    for line in text.splitlines():
        proxy = model.get_proxy(json.loads(line), cleaned=False)
        assert proxy.id is not None
        assert registry.entity.validate(proxy.id), proxy.id
        assert proxy.id not in entities, f"{proxy.id} twice"
        for name in proxy.schema.required:
            assert proxy.get(name), f"{proxy.id} lacks {name}"
        for prop, value in proxy.itervalues():
            assert prop.type.validate(value), f"{proxy.id}: {prop.name} = {value!r}"
        entities[proxy.id] = proxy
    for proxy in entities.values():
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in entities, f"{proxy.id}: {prop.name} -> {value} is not exported"
                assert prop.range is not None
                assert entities[value].schema.is_a(prop.range), f"{proxy.id}: {prop.name}"
    return entities


def test_every_ftm_entity_validates_and_every_reference_resolves(library: Library) -> None:
    text, report = export_text(everything(library), "ftm")
    entities = read_ftm(text)
    assert report.entries == len(entities)
    schemata = {e.schema.name for e in entities.values()}
    assert {"Company", "PublicBody", "Person", "Ownership", "Article", "Event"} <= schemata
    # Figures have no FtM entity: said, not silently dropped.
    figures = len(library.store.of_kind("figure"))
    assert report.left_out == [
        f"{figures} figures: FollowTheMoney has no entity for a company's figures "
        "(the CSV export has them)"
    ]


def test_a_deal_is_an_ownership_and_its_sellers_stakes_end_at_its_date(library: Library) -> None:
    entities = read_ftm(export_text(everything(library), "ftm")[0])
    deal = entities["sample.deal.sfr-takes-over-numergy"]
    assert deal.schema.name == "Ownership"
    assert deal.get("owner") == ["sample.company.sfr"]
    assert deal.get("asset") == ["sample.company.numergy"]
    assert float(deal.first("percentage") or 0) == 100
    assert deal.get("startDate") == ["2015-12-02"]
    assert deal.get("status") == ["announced"]
    assert deal.get("proof") == [
        "sample.article.numergy-repris-par-sfr",
        "sample.article.sfr-rachete-numergy",
    ]
    sold = entities["sample.sold.sfr-takes-over-numergy-caisse-des-depots"]
    assert sold.get("owner") == ["sample.company.caisse-des-depots"]
    assert sold.get("asset") == ["sample.company.numergy"]
    assert float(sold.first("percentage") or 0) == 33
    assert sold.get("endDate") == ["2015-12-02"]


def test_companies_people_and_articles_carry_their_own_properties(library: Library) -> None:
    entities = read_ftm(export_text(everything(library), "ftm")[0])
    caisse = entities["sample.company.caisse-des-depots"]
    assert caisse.schema.name == "PublicBody"  # its kind is public-body
    assert caisse.get("country") == ["fr"]
    assert "Caisse des dépôts et consignations" in caisse.get("alias")
    fluxus_parent = entities["sample.parent.fluxus"]
    assert fluxus_parent.get("owner") == ["sample.company.bt-ignite"]
    roles = [
        e for e in entities.values() if "sample.person.patrick-drahi" in e.get("owner", quiet=True)
    ]
    assert [r.get("asset") for r in roles] == [["sample.company.sfr"]]  # "propriétaire"
    directors = [e for e in entities.values() if e.schema.name == "Directorship"]
    assert directors
    assert all(d.get("director") for d in directors)
    article = entities["sample.article.sfr-rachete-numergy"]
    assert article.schema.name == "Article"
    assert article.get("title") == [library.article("sfr-rachete-numergy").title]
    assert article.get("publishedAt") == [library.article("sfr-rachete-numergy").date_text]
    assert article.first("bodyText") == library.article("sfr-rachete-numergy").text.strip()


def test_ftm_ids_are_the_record_ids_namespaced_and_stable(library: Library) -> None:
    first = export_text(everything(library), "ftm")[0]
    assert export_text(everything(library), "ftm")[0] == first
    ids = {json.loads(line)["id"] for line in first.splitlines()}
    assert all(i.startswith("sample.") for i in ids)
    assert "sample.company.numergy" in ids
    other = export_text(select(library.store, library.articles, namespace="Mon archive"), "ftm")
    assert "mon-archive.company.numergy" in other[0]


def test_a_query_limits_the_records_and_their_passages(library: Library) -> None:
    found = ["fluxus-passe-sous-drapeau-anglais"]
    selection = everything(library, article_ids=found)
    entities = read_ftm(export_text(selection, "ftm")[0])
    articles = {i for i, e in entities.items() if e.schema.name == "Article"}
    assert articles == {"sample.article.fluxus-passe-sous-drapeau-anglais"}
    assert "sample.deal.sfr-takes-over-numergy" not in entities
    assert "sample.deal.bt-ignite-acquires-fluxus" in entities
    records = json.loads(export_text(selection, "json")[0])
    assert records
    assert {p["article"] for r in records for p in r["evidence"]} == set(found)


def test_a_deal_without_a_target_is_left_out_with_the_reason(library: Library) -> None:
    deal = library.store["sfr-takes-over-numergy"]
    assert isinstance(deal, Deal)
    deal.target = None
    text, report = export_text(everything(library, kinds=["deal"]), "ftm")
    read_ftm(text)
    assert "deal 'sfr-takes-over-numergy': an ownership needs a target" in report.left_out
    assert "sample.deal.sfr-takes-over-numergy" not in text


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_is_one_file_per_kind_that_a_spreadsheet_reads(
    library: Library, tmp_path: Path
) -> None:
    report = export_to(everything(library), "csv", tmp_path / "out")
    names = sorted(p.name for p in report.files)
    assert names == ["companies.csv", "deals.csv", "events.csv", "figures.csv", "people.csv"]
    raw = (tmp_path / "out" / "companies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets look for
    for path in report.files:
        rows = read_csv(path)
        kind = {"companies": "company", "people": "person"}.get(path.stem, path.stem[:-1])
        assert len(rows) == len(library.store.of_kind(kind)), path.name
    deals = {row["id"]: row for row in read_csv(tmp_path / "out" / "deals.csv")}
    numergy = deals["sfr-takes-over-numergy"]
    assert (numergy["acquirer"], numergy["acquirer_id"]) == ("SFR", "sfr")
    assert numergy["sellers"].splitlines() == ["Caisse des Dépôts 33", "Atos 20"]
    assert numergy["sellers_id"].splitlines() == ["caisse-des-depots", "atos"]
    assert numergy["stake_after"] == "100"
    assert numergy["articles"].splitlines() == ["numergy-repris-par-sfr", "sfr-rachete-numergy"]
    companies = {row["id"]: row for row in read_csv(tmp_path / "out" / "companies.csv")}
    assert companies["caisse-des-depots"]["name"] == "Caisse des Dépôts"


def test_csv_of_one_kind_goes_to_one_file_and_several_kinds_need_a_folder(
    library: Library, tmp_path: Path
) -> None:
    report = export_to(everything(library, kinds=["deal"]), "csv", tmp_path / "deals.csv")
    assert report.files == [tmp_path / "deals.csv"]
    assert len(read_csv(tmp_path / "deals.csv")) == len(library.store.of_kind("deal"))
    with pytest.raises(ExportError, match="one file per kind"):
        export_text(everything(library), "csv")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="give a folder"):
        export_to(everything(library), "csv", tmp_path / "file")


def test_json_is_what_facts_json_prints(library: Library) -> None:
    from archive_gui.cli import run

    out = io.StringIO()
    assert run(["facts", "--json", "--archive", str(library.paths.root)], out, io.StringIO()) == 0
    printed = [r for r in json.loads(out.getvalue()) if r["type"] != "article_note"]
    assert json.loads(export_text(everything(library), "json")[0]) == printed


def test_an_export_names_companies_a_selection_only_refers_to(library: Library) -> None:
    """Only deals asked for: the companies they name are written too, so Aleph resolves them."""
    entities = read_ftm(export_text(everything(library, kinds=["deal"]), "ftm")[0])
    companies = [e for e in entities.values() if e.schema.is_a(model.get("LegalEntity"))]
    sfr = library.store["sfr"]
    assert isinstance(sfr, Company)
    assert entities["sample.company.sfr"].get("name") == [sfr.name]
    assert len(companies) >= 2
