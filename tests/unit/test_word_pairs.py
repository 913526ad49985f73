"""Phrases are answered from the body's word pairs: the same articles, counts and scores as
the words' positions give, checked against a plain scan of the texts."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from whoosh import query as wq

from archive_gui.core.archive.articles import Article, content_hash
from archive_gui.core.search.analysis import (
    WORD_MARK,
    analyze,
    common_stems,
    french_analyzer,
    word_pairs,
)
from archive_gui.core.search.index import (
    ARTICLE_DOC,
    MERGE_EVERY,
    PAIRS_FIELD,
    SCHEMA_VERSION,
    WhooshIndex,
)
from archive_gui.core.search.ranking import IndexArrays
from tests.conftest import mixed_articles

ARTICLES = 240


def with_text(article: Article, text: str) -> Article:
    return dataclasses.replace(article, text=text, content_hash=content_hash(text.encode()))


def stems(text: str) -> list[str]:
    """The stems of ``text`` in the order of their positions, as the analyzer indexes them."""
    tokens = french_analyzer()(text, positions=True, mode="index")
    return [t.text for t in tokens if not t.text.startswith(WORD_MARK)]


def occurrences(words: list[str], sequence: list[str]) -> int:
    size = len(words)
    return sum(sequence[i : i + size] == words for i in range(len(sequence) - size + 1))


def phrases(articles: dict[str, Article], count: int, size: int, seed: int) -> Iterator[str]:
    """Runs of ``size`` words taken from random places of random articles (with their stop
    words, elisions and numbers, as a user would copy them)."""
    rng = random.Random(seed)
    texts = [a.text.split() for a in articles.values()]
    made = 0
    while made < count:
        words = rng.choice(texts)
        start = rng.randrange(len(words) - size)
        phrase = " ".join(words[start : start + size]).strip(".,;:«»()\"'")
        if len(analyze(phrase)) >= 2 and '"' not in phrase:
            made += 1
            yield phrase


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[WhooshIndex, dict[str, Article]]]:
    articles = {
        # Each article also names a project of its own: a word no other article has.
        article_id: with_text(article, f"{article.text} Le projet Zorg{n:03d} reste un pari.")
        for n, (article_id, article) in enumerate(mixed_articles(ARTICLES, seed=11).items())
    }
    index = WhooshIndex(tmp_path_factory.mktemp("pairs") / "index", processes=1)
    index.sync(articles)
    yield index, articles
    index.close()


def test_word_pairs_are_the_common_stems_that_follow_each_other() -> None:
    text = "La prise de contrôle de l'hébergeur : 4 000 salariés, l’hébergeur et 4 000 salariés."
    sequence = stems(text)
    everything = frozenset(sequence)
    assert word_pairs(text, everything) == {
        f"{a} {b}": sum(1 for pair in pairwise(sequence) if pair == (a, b))
        for a, b in pairwise(sequence)
    }
    salaries = stems("salariés")[0]
    assert word_pairs(text, everything)[f"4000 {salaries}"] == 2
    # A pair with a word that is not common is left to the positions.
    assert word_pairs(text, everything - {"4000"}) == {
        "pris control": 1,
        "control hebergeur": 1,
        f"{salaries} hebergeur": 1,
    }


def test_common_stems_are_those_of_many_texts() -> None:
    texts = ["Le cloud souverain.", "Un cloud public.", "Le cloud et l'hébergeur."] * 10
    texts += ["Un texte sur Fluxus."]
    assert common_stems(texts, share=0.5) == frozenset({"cloud"})
    assert common_stems(texts, share=0.3) == frozenset(
        {"cloud", "souverain", "public", "hebergeur"}
    )
    assert "flux" not in common_stems(texts, share=0.02)


@pytest.mark.parametrize("size", [2, 3, 4])
def test_phrases_find_what_a_scan_of_the_texts_finds(
    built: tuple[WhooshIndex, dict[str, Article]], size: int
) -> None:
    index, articles = built
    sequences = {article_id: stems(a.text) for article_id, a in articles.items()}
    for phrase in phrases(articles, 25, size, seed=size):
        words = [term for term, _, _ in analyze(phrase)]
        expected = {i for i, seq in sequences.items() if occurrences(words, seq)}
        found = index.search(f'body:"{phrase}"', limit=ARTICLES, highlight=False)
        assert {hit.id for hit in found.hits} == expected, phrase


@pytest.mark.parametrize("size", [2, 3])
def test_pairs_score_as_positions_do(
    built: tuple[WhooshIndex, dict[str, Article]], size: int
) -> None:
    """Scores follow the number of times the phrase occurs: with the pairs as without them."""
    index, articles = built
    with_pairs = index._index_arrays()
    positions_only = IndexArrays(with_pairs.searcher, wq.Term("doctype", ARTICLE_DOC))
    common = with_pairs.schema[PAIRS_FIELD].common
    by_pairs = 0
    rare = [f"projet Zorg{n:03d} reste un"[: 18 + 6 * (size - 2)] for n in range(0, 240, 30)]
    for phrase in [*phrases(articles, 40, size, seed=10 + size), *rare]:
        words = [term for term, _, _ in analyze(phrase)]
        by_pairs += any({a, b} <= common for a, b in pairwise(words))
        query = index.prepared(f'body:"{phrase}"')
        a = with_pairs.evaluate(query).matches
        b = positions_only.evaluate(query).matches
        assert a.docs.tolist() == b.docs.tolist(), phrase
        assert a.scores == pytest.approx(b.scores), phrase
    assert 0 < by_pairs < 40 + len(rare)  # both ways were taken


def test_a_phrase_found_by_its_pair_is_highlighted_whole(
    built: tuple[WhooshIndex, dict[str, Article]],
) -> None:
    index, articles = built
    phrase = next(phrases(articles, 1, 2, seed=99))
    words = [term for term, _, _ in analyze(phrase)]
    found = index.search(f'body:"{phrase}"', limit=5)
    assert found.hits
    for hit in found.hits:
        assert hit.hits, phrase
        for span in hit.hits:
            assert [term for term, _, _ in analyze(span.text)] == words


def test_an_index_without_pairs_is_rebuilt(tmp_path: Path) -> None:
    """An index of the previous version (no pairs) is rebuilt when opened."""
    articles = mixed_articles(20)
    index = WhooshIndex(tmp_path / "index")
    index.sync(articles)
    index.close()
    manifest = tmp_path / "index" / "manifest.json"
    current, before = f'"schema": {SCHEMA_VERSION}', f'"schema": {SCHEMA_VERSION - 1}'
    manifest.write_text(manifest.read_text("utf-8").replace(current, before), "utf-8")
    reopened = WhooshIndex(tmp_path / "index")
    report = reopened.sync(articles)
    assert report.rebuilt
    assert report.reason == "index of another version"
    reopened.close()


def test_pairs_stay_right_through_updates_and_merges(tmp_path: Path) -> None:
    """Articles changed one sync at a time (every MERGE_EVERY syncs merge the small
    segments): their pairs come from the common stems the build chose, and phrases still find
    what a scan finds."""
    articles = mixed_articles(60, seed=5)
    index = WhooshIndex(tmp_path / "index", processes=1)
    index.sync(articles)
    for n, article_id in enumerate(list(articles)[: MERGE_EVERY + 2]):
        articles[article_id] = with_text(articles[article_id], f"Le plan social {n} du cloud.")
        assert index.sync(articles).updated == [article_id]
    sequences = {article_id: stems(a.text) for article_id, a in articles.items()}
    for phrase in ["plan social", "cloud souverain", *phrases(articles, 20, 2, seed=3)]:
        words = [term for term, _, _ in analyze(phrase)]
        expected = {i for i, seq in sequences.items() if occurrences(words, seq)}
        found = index.search(f'body:"{phrase}"', limit=len(articles), highlight=False)
        assert {hit.id for hit in found.hits} == expected, phrase
    index.close()
