"""Every query string either gives results or raises one QueryError with a one-line message."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_gui.core.library import Library
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import QueryError, SearchResults
from tests.conftest import BUNDLED_ARTICLES


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshIndex]:
    """The bundled archive's index, built once for the module's many queries."""
    import shutil

    root = tmp_path_factory.mktemp("queries") / "archive"
    shutil.copytree(BUNDLED_ARTICLES, root / "articles")
    library = Library.open(root)
    library.ensure_index()
    assert isinstance(library.index, WhooshIndex)
    yield library.index
    library.close()


def outcome(index: WhooshIndex, query: str) -> SearchResults | QueryError:
    try:
        return index.search(query)
    except QueryError as exc:
        return exc


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("date:[2014 TO ]", 3),
        ("date:[2014 TO *]", 3),
        ("date:[* TO *]", 5),
        ("date:[* TO 2014]", 2),
        ("NOT NOT numergy", 3),
        ("numergy AND NOT NOT cloudwatt", 3),
    ],
)
def test_open_ranges_and_double_negations_give_results(
    index: WhooshIndex, query: str, total: int
) -> None:
    assert index.search(query).total == total


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date:[a TO b]", "'a' is not a parseable date"),
        ("date:[2015-13-45 TO 2016]", "month must be in 1..12"),
        ("date:[1900-02-29 TO 2014]", "day is out of range for month"),
        ("date:0000", "year 0 is out of range"),
        ("date:[0000-01-01 TO 2014]", "year 0 is out of range"),
        ("(" * 5000 + "numergy" + ")" * 5000, "more than 50 nested '('"),
        ("num\udcff*", "not UTF-8"),
        ("id:caf\udce9", "not UTF-8"),
        ("\ud800", "not UTF-8"),
    ],
)
def test_impossible_queries_raise_one_query_error(
    index: WhooshIndex, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as raised:
        index.search(query)
    assert "\n" not in str(raised.value)
    assert len(str(raised.value)) < 300


# Queries built from the query language's own pieces, so that the fuzzer reaches past the
# syntax checks into Whoosh's parser and the engine, plus free text and loose pieces.
WORDS = st.one_of(
    st.sampled_from(["numergy", "orange", "cloud*", "h?berg*", "*", "4 000", "é", "\udcff*"]),
    st.text(min_size=1, max_size=6),
)
BOUNDS = st.sampled_from(
    ["", " ", "*", "2014", "2015-13-45", "1900-02-29", "0000", "0", "a", "2016-02"]
)
FIELDS = st.sampled_from(["", "title:", "id:", "date:", "company:", "acquirer:", "note:"])
RANGES = st.builds(
    "date:{}{} TO {}{}".format,
    st.sampled_from(["[", "{"]),
    BOUNDS,
    BOUNDS,
    st.sampled_from(["]", "}"]),
)
LEAVES = st.one_of(
    st.builds("{}{}".format, FIELDS, WORDS),
    RANGES,
    WORDS.map(lambda w: f'"{w} centres"'),
)
EXPRESSIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(
            "{} {} {}".format,
            inner,
            st.sampled_from(["AND", "OR", "ANDNOT", "ANDMAYBE", "NOT", ""]),
            inner,
        ),
        inner.map("NOT {}".format),
        inner.map("({})".format),
        inner.map("{}^2".format),
        inner.map("{}~".format),
    ),
    max_leaves=8,
)
PIECES = st.sampled_from(
    ["AND", "OR", "NOT", "(", ")", "[", "]", "{", "}", "TO", "*", "?", "~", "^", ":", '"', "\\"]
)
QUERIES = st.one_of(
    EXPRESSIONS,
    st.text(max_size=30),
    st.lists(st.one_of(PIECES, WORDS, FIELDS), max_size=10).map(" ".join),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_every_query_gives_results_or_one_query_error(index: WhooshIndex, query: str) -> None:
    result = outcome(index, query)
    if isinstance(result, QueryError):
        assert str(result)
        assert "\n" not in str(result)
    else:
        assert result.total >= len(result.hits)
