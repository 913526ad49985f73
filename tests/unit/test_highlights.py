"""``highlights``: the hits and snippets of a few of a search's results, made after the search
(the window asks it for the rows on screen), are those the highlighted search gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import Article, content_hash, load_articles
from archive_gui.core.search.analysis import analyze
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import Highlights, SearchResults
from tests.conftest import BUNDLED_ARTICLES, mixed_articles

# Every form whose hits are highlighted: words, stems, AND, OR, NOT, a phrase (of common words,
# found from its pair), a prefix, title and date fields, a word found in the title only.
QUERIES = [
    "cloud",
    "hébergeurs",
    "Orange AND Thales",
    "fluxus OR numergy OR cloudwatt",
    "(cloud OR fluxus) AND salariés",
    "numergy NOT thales",
    "héberg*",
    '"salle blanche"',
    '"procédure de sauvegarde"',
    '"cloud souverain" OR "chiffre d\'affaires"',
    "title:numergy",
    "cloud date:[2010 TO 2015]",
    "* date:[2001 TO 2012]",
]


def highlighted(results: SearchResults) -> dict[str, Highlights]:
    """What the highlighted search gave each of its results."""
    return {hit.id: Highlights(hit.hits, hit.snippets) for hit in results.hits}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshIndex]:
    index = WhooshIndex(tmp_path_factory.mktemp("bundled") / "index")
    index.sync(load_articles(BUNDLED_ARTICLES).articles)
    yield index
    index.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshIndex]:
    """400 articles of shuffled French sentences, built by two processes, then ten of them
    changed: several segments, and deleted documents beside their new versions."""
    articles = mixed_articles(400)
    index = WhooshIndex(tmp_path_factory.mktemp("generated") / "index", processes=2)
    index.sync(articles)
    for article_id in list(articles)[::40]:
        articles[article_id] = rewritten(articles[article_id], " Le cloud souverain reste.")
    assert len(index.sync(articles).updated) == 10
    yield index
    index.close()


def stems(text: str) -> list[str]:
    return [term for term, _, _ in analyze(text)]


def rewritten(article: Article, added: str) -> Article:
    text = article.text + added
    return dataclasses.replace(article, text=text, content_hash=content_hash(text.encode()))


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_highlights_are_the_highlighted_searchs(
    query: str, which: str, request: pytest.FixtureRequest
) -> None:
    index: WhooshIndex = request.getfixturevalue(which)
    expected = highlighted(index.search(query, limit=200, highlight=True))
    assert expected  # the query finds some
    ids = list(expected)
    # Right after the search of the query, as the window asks (its evaluation is used again),
    # then after another search (found again): the same hits and snippets, for any few ids.
    assert index.highlights(query, ids) == expected
    assert index.highlights(query, ids[::-3]) == {i: expected[i] for i in ids[::-3]}
    index.search("numergy", limit=5, highlight=False)
    assert index.highlights(query, ids[1::2]) == {i: expected[i] for i in ids[1::2]}


def test_a_phrase_is_highlighted_whole_in_the_listed_articles(generated: WhooshIndex) -> None:
    query = '"cloud souverain"'
    listed = generated.search(query, limit=200, highlight=False)
    assert listed.hits
    assert not any(hit.hits or hit.snippets for hit in listed.hits)  # listed, not highlighted
    found = generated.highlights(query, [hit.id for hit in listed.hits[:12]])
    assert len(found) == min(12, len(listed.hits))
    for highlights in found.values():  # in the title, the body or both
        assert highlights.hits
        assert all(stems(span.text) == stems("cloud souverain") for span in highlights.hits)
        assert set(highlights.snippets[0].hits) <= set(highlights.hits)


def test_articles_gone_from_the_index_are_left_out(tmp_path: Path) -> None:
    articles = load_articles(BUNDLED_ARTICLES).articles
    index = WhooshIndex(tmp_path / "index")
    index.sync(articles)
    listed = [hit.id for hit in index.search("cloud", limit=20, highlight=False).hits]
    gone, changed = listed[0], listed[1]
    kept = {i: a for i, a in articles.items() if i != gone}
    kept[changed] = rewritten(articles[changed], " Un cloud de plus.")
    index.sync(kept)
    found = index.highlights("cloud", [*listed, "no-such-article"])
    assert set(found) == set(listed) - {gone}
    # The changed article's highlights are of its text now, whose last word is a new hit.
    last = found[changed].hits[-1]
    assert (last.start, last.text) == (len(kept[changed].text) - len("cloud de plus."), "cloud")
    index.close()
