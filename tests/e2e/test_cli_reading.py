"""What a search shows: `*` alone lists every article; a hit found through a fact field shows
the passage of the record that matched."""

from __future__ import annotations

import json
from pathlib import Path

from archive_gui.core.library import Library
from tests.e2e.helpers import cli


def test_a_star_alone_lists_every_article(bundled_archive: Path) -> None:
    run = cli("search", "*", "--json", "--archive", str(bundled_archive))
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    ids = {p.stem for p in (bundled_archive / "articles").glob("*.md")}
    assert {r["id"] for r in results} == ids
    assert all(r["hits"] == [] for r in results)  # no hits on the most frequent words
    dated = json.loads(
        cli("search", "* date:2015", "--json", "--archive", str(bundled_archive)).stdout
    )
    assert dated
    assert {r["published"][:4] for r in dated} == {"2015"}
    assert len(dated) < len(results)


def test_a_star_in_a_query_changes_nothing(bundled_archive: Path) -> None:
    library = Library.open(bundled_archive)
    alone = library.search("numergy", limit=50)
    starred = library.search("numergy *", limit=50)
    assert {h.id for h in starred.hits} == {h.id for h in alone.hits}
    library.close()


def test_a_fact_field_hit_shows_the_passage_of_the_record(archive: Path) -> None:
    run = cli("search", "acquirer:SFR", "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    # The deal's passage, emphasised, not the article's opening.
    assert (
        "[C'est désormais au second de se faire absorber par l'un de ses principaux "
        "actionnaires : SFR.]" in run.stdout
    )
    assert "Constat d'échec pour le cloud souverain" not in run.stdout
    library = Library.open(archive)
    deal = library.store["sfr-takes-over-numergy"]
    for hit in library.search("acquirer:SFR").hits:
        passages = {
            (e.anchor.start, e.anchor.end) for e in deal.evidence if e.anchor.article == hit.id
        }
        shown = {(h.start, h.end) for sn in hit.snippets for h in sn.hits}
        assert shown
        assert shown <= passages
        assert all(h.records == (deal.id,) for sn in hit.snippets for h in sn.hits)
    library.close()


def test_words_and_facts_together_show_both(archive: Path) -> None:
    library = Library.open(archive)
    hit = next(h for h in library.search("person:Drahi acquisition").hits)
    texts = [h.text for sn in hit.snippets for h in sn.hits]
    assert any("Patrick Drahi" in t for t in texts)
    assert any(t.lower().startswith("acqui") for t in texts)
    library.close()
