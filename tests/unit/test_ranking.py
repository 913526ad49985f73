"""The array engine answers as Whoosh's own matchers do, on an index of several segments with
deleted documents, and a parallel build gives the same index as a build in one process."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

from archive_gui.core.archive.articles import content_hash
from archive_gui.core.search.analysis import analyze
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import FactsEntry
from tests.conftest import mixed_articles

QUERIES = [
    "cloud",
    "hébergeurs",
    "Orange AND Thales",
    "fluxus OR numergy OR cloudwatt",
    "(cloud OR fluxus) AND salariés",
    "title:cloud",
    "héberg*",
    "numergy NOT thales",
    "NOT cloud",
    "cloud date:[2003 TO 2009]",
    "date:2005",
    "cloud date:[2008 TO]",
    "date:[TO 2004] OR date:{2010 TO 2012}",
    "fluxus NOT date:[2003 TO 2009]",
    '"salle blanche"',
    '"procédure de sauvegarde"',
    '"cloud souverain" OR "chiffre d\'affaires"',
]
# Whoosh scores the other forms otherwise (a NOT adds 1, phrases and ranges): only their
# matches are compared.
SCORED_ALIKE = QUERIES[:7]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshIndex]:
    """An index built by two processes, then with ten articles changed (deleted, re-added)."""
    articles = mixed_articles(160)
    index = WhooshIndex(tmp_path_factory.mktemp("segmented") / "index", processes=2)
    assert index.sync(articles).rebuilt
    for article_id in list(articles)[::16]:
        article = articles[article_id]
        text = article.text + " Le cloud souverain reste un pari."
        articles[article_id] = dataclasses.replace(
            article, text=text, content_hash=content_hash(text.encode("utf-8"))
        )
    assert len(index.sync(articles).updated) == 10
    yield index
    index.close()


def whoosh_scores(index: WhooshIndex, query: str) -> dict[str, float]:
    """What Whoosh's own matchers find for the query the engine runs, scored by Whoosh."""
    prepared = index.prepared(query)
    assert index._ix is not None
    with index._ix.searcher() as searcher:
        results = searcher.search(
            prepared, limit=None, filter=wq.Term("doctype", "article"), terms=False
        )
        return {hit["id"]: hit.score for hit in results}


def test_the_index_has_several_segments_and_deletions(segmented: WhooshIndex) -> None:
    assert segmented._ix is not None
    segments = segmented._ix._segments()
    assert len(segments) >= 3
    assert any(s.deleted_count() for s in segments)


@pytest.mark.parametrize("query", QUERIES)
def test_matches_are_whooshs(segmented: WhooshIndex, query: str) -> None:
    expected = whoosh_scores(segmented, query)
    results = segmented.search(query, limit=1000)
    assert expected, "a query that finds nothing proves nothing"
    assert results.total == len(expected)
    assert {hit.id for hit in results.hits} == set(expected)


@pytest.mark.parametrize("query", SCORED_ALIKE)
def test_scores_are_whooshs_bm25f(segmented: WhooshIndex, query: str) -> None:
    expected = whoosh_scores(segmented, query)
    for hit in segmented.search(query, limit=1000).hits:
        assert hit.score == pytest.approx(expected[hit.id], rel=1e-5)


@pytest.mark.parametrize("query", QUERIES)
def test_top_results_are_the_best_scored(segmented: WhooshIndex, query: str) -> None:
    everything = segmented.search(query, limit=1000)
    best = segmented.search(query, limit=5)
    assert best.total == everything.total
    assert [h.id for h in best.hits] == [h.id for h in everything.hits[:5]]
    scores = [h.score for h in everything.hits]
    assert scores == sorted(scores, reverse=True)


def test_hits_are_the_query_words_at_their_offsets(segmented: WhooshIndex) -> None:
    wanted = {term for term, _, _ in analyze("hébergeurs cloud")}
    results = segmented.search("hébergeurs OR cloud", limit=1000)
    assert results.hits
    for hit in results.hits:
        assert hit.hits
        for span in hit.hits:
            assert {term for term, _, _ in analyze(span.text)} <= wanted


def test_phrase_hits_cover_the_whole_phrase(segmented: WhooshIndex) -> None:
    phrase = [term for term, _, _ in analyze("cloud souverain")]
    results = segmented.search('"cloud souverain"', limit=1000)
    assert results.total >= 10  # the ten changed articles say it
    for hit in results.hits:
        assert hit.hits
        for span in hit.hits:
            assert [term for term, _, _ in analyze(span.text)] == phrase


def test_deleted_versions_are_not_found(segmented: WhooshIndex) -> None:
    results = segmented.search('"souverain reste un pari"', limit=1000)
    assert results.total == 10
    assert len({hit.id for hit in results.hits}) == 10


def test_a_parallel_build_finds_what_a_build_in_one_process_finds(tmp_path: Path) -> None:
    articles = mixed_articles(120, seed=11)
    progress: list[tuple[int, int]] = []
    parallel = WhooshIndex(tmp_path / "parallel", processes=2)
    parallel.rebuild(articles, lambda done, total: progress.append((done, total)))
    single = WhooshIndex(tmp_path / "single", processes=1)
    single.rebuild(articles)
    assert parallel._ix is not None
    assert len(parallel._ix._segments()) == 2
    for query in QUERIES:
        assert parallel.search(query, limit=50) == single.search(query, limit=50), query
    assert progress[-1] == (120, 120)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    parallel.close()
    single.close()


def test_a_date_range_leaves_out_the_articles_with_no_date(tmp_path: Path) -> None:
    articles = mixed_articles(12)
    undated = dataclasses.replace(articles["mix-003"], published=None)
    articles["mix-003"] = undated
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    for query in ("date:[1900 TO]", "date:[TO 2100]", "NOT date:[1900 TO]"):
        found = {h.id for h in index.search(query, limit=20, highlight=False).hits}
        assert found == set(whoosh_scores(index, query)), query
    assert "mix-003" not in {h.id for h in index.search("date:[1900 TO]", limit=20).hits}
    assert {h.id for h in index.search("NOT date:[1900 TO]", limit=20).hits} == {"mix-003"}
    index.close()


def test_an_article_found_by_its_id_is_its_live_version(segmented: WhooshIndex) -> None:
    """Fact fields resolve to articles by id: a changed article is found once, as it is now."""
    changed, unchanged = "mix-016", "mix-017"
    for article_id in (changed, unchanged):
        found = segmented.search(f"id:{article_id}", limit=5, highlight=False)
        assert [hit.id for hit in found.hits] == [article_id]
    now = segmented.search(f'id:{changed} AND "cloud souverain reste"', limit=5)
    assert [hit.id for hit in now.hits] == [changed]
    assert segmented.search(f'id:{unchanged} AND "cloud souverain reste"', limit=5).total == 0


def test_a_date_range_reads_past_a_segment_of_fact_records_only(tmp_path: Path) -> None:
    """An edit of the facts writes a segment with no article, hence no column of dates."""
    articles = mixed_articles(12)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    deal = FactsEntry(articles=("mix-001",), fields={"acquirer": "Orange"})
    assert index.sync(articles, extra={"deal": deal}).facts == ["deal"]
    assert index.search("date:[1900 TO]", limit=20).total == len(articles)
    assert [h.id for h in index.search("acquirer:Orange AND date:[1900 TO]").hits] == ["mix-001"]
    index.close()
