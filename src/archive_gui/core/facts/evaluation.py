"""How well extraction does on a labelled set: articles, and the records a person expects.

A set is a folder of article files and an ``expected.yaml`` that gives, per article id, the
companies and people it names, its deals (kind, acquirer, target, sellers with stakes, stake
after, amount, status) and its figures (entity, metric, value, unit), names written as the text
prints them. Extraction runs on each article against an empty store; its candidates are
matched to the expected records:

- a company or a person: its name is one of the expected names (case and accents folded), or
  one holds the other as whole words ("BT Ignite" for "BT");
- a deal: its acquirer and target match (a merger's in either order);
- a figure: the same value (within 1 %) and unit.

Precision is the share of candidates that match, recall the share of expected records some
candidate matches. For the deals found, the share with the right sellers and stakes, the right
amount and the right status; for the figures found, the share given to the right company.
The tests hold the held-out set to its goals with this, and ``bench/extraction_bench.py``
prints it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_gui.core.archive.articles import Article, load_articles
from archive_gui.core.archive.yamlio import load_yaml
from archive_gui.core.facts.extraction import Extractor, Pipeline, load_pipeline
from archive_gui.core.facts.records import (
    UNDISCLOSED,
    Amount,
    Company,
    Deal,
    FactStore,
    Figure,
    Person,
    Record,
)
from archive_gui.core.text import fold

KINDS = ("company", "person", "deal", "figure")
EXPECTED_FILE = "expected.yaml"


@dataclass
class Score:
    """Counts for one kind of record."""

    proposed: int = 0
    expected: int = 0
    right: int = 0  # candidates that match an expected record
    found: int = 0  # expected records some candidate matches

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0


@dataclass
class Evaluation:
    """The scores of a set, per kind, and the share of the deals and figures found that have
    each detail right."""

    scores: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    deal_details: dict[str, list[bool]] = field(
        default_factory=lambda: {"sellers and stakes": [], "amount": [], "status": []}
    )
    figure_entities: list[bool] = field(default_factory=list)
    seconds: float = 0.0
    articles: int = 0
    # What went wrong, article by article, for whoever improves extraction.
    misses: list[str] = field(default_factory=list)

    def share(self, checks: Sequence[bool]) -> float:
        return sum(checks) / len(checks) if checks else 0.0


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", fold(name))


def same_name(found: str, expected: Iterable[str]) -> bool:
    """Whether a candidate's name is one of the expected names, or holds one as whole words
    (or is held by one)."""
    mine = _words(found)
    if not mine:
        return False
    for name in expected:
        theirs = _words(name)
        if not theirs:
            continue
        if mine == theirs:
            return True
        short, long = sorted((mine, theirs), key=len)
        held = any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
        if held and sum(len(w) for w in short) >= 3:
            return True
    return False


def _names(entry: Any) -> list[str]:
    return [str(n) for n in entry] if isinstance(entry, list) else [str(entry)]


def _group(name: str, groups: list[list[str]]) -> list[str]:
    """Every name the article gives the company called ``name``."""
    for group in groups:
        if name in group:
            return group
    return [name]


def _record_name(store: FactStore, record_id: str | None) -> str:
    record = store.get(record_id) if record_id else None
    return record.name if isinstance(record, Company | Person) else ""


class _ArticleCheck:
    """Matches one article's candidates to its expected records."""

    def __init__(self, expected: Mapping[str, Any], candidates: FactStore) -> None:
        self.candidates = candidates
        self.groups = [_names(entry) for entry in expected.get("companies") or []]
        self.people = [str(p) for p in expected.get("people") or []]
        self.deals = list(expected.get("deals") or [])
        self.figures = list(expected.get("figures") or [])

    def names(self, record_id: str | None, wanted: str) -> bool:
        return same_name(_record_name(self.candidates, record_id), _group(wanted, self.groups))

    def deal_matches(self, deal: Deal, wanted: Mapping[str, Any]) -> bool:
        acquirer, target = str(wanted.get("acquirer")), str(wanted.get("target"))
        if self.names(deal.acquirer, acquirer) and self.names(deal.target, target):
            return True
        merger = wanted.get("kind") == "merger"
        return merger and self.names(deal.acquirer, target) and self.names(deal.target, acquirer)

    def sellers_right(self, deal: Deal, wanted: Mapping[str, Any]) -> bool:
        expected = list(wanted.get("sellers") or [])
        if len(expected) != len(deal.sellers):
            return False
        for seller in expected:
            if not any(
                self.names(mine.company, str(seller.get("company")))
                and _same_value(mine.stake, seller.get("stake"))
                for mine in deal.sellers
            ):
                return False
        return _same_value(deal.stake_after, wanted.get("stake_after"))

    def figure_matches(self, figure: Figure, wanted: Mapping[str, Any]) -> bool:
        return figure.unit == str(wanted.get("unit")) and bool(
            _same_value(figure.value, wanted.get("value"))
        )


def _same_value(found: float | None, wanted: Any) -> bool:
    if found is None or wanted is None:
        return found is None and wanted is None
    return abs(found - float(wanted)) <= 0.01 * max(abs(float(wanted)), 1)


def _same_amount(found: Amount | str | None, wanted: Any) -> bool:
    if wanted is None or wanted == UNDISCLOSED or found is None or found == UNDISCLOSED:
        return bool(found == wanted)
    if not isinstance(found, Amount) or not isinstance(wanted, dict):
        return False
    return found.currency == wanted.get("currency") and _same_value(found.value, wanted["value"])


def load_expected(folder: Path) -> dict[str, Any]:
    data = load_yaml((folder / EXPECTED_FILE).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def evaluate(folder: Path, pipeline: Pipeline | None = None) -> Evaluation:
    """Runs extraction on each article of a labelled set and scores it."""
    articles = load_articles(folder).articles
    expected = load_expected(folder)
    pipeline = pipeline or load_pipeline()  # loaded before the clock starts
    result = Evaluation(articles=len(articles))
    for article_id, wanted in expected.items():
        article = articles.get(article_id)
        if article is None:
            raise ValueError(f"{folder / EXPECTED_FILE}: no article '{article_id}'")
        started = time.perf_counter()
        candidates = FactStore()
        for record in Extractor(candidates, pipeline).extract(article):
            candidates.add(record)
        result.seconds += time.perf_counter() - started
        _score_article(result, article, wanted or {}, candidates)
    return result


def _score_article(
    result: Evaluation, article: Article, wanted: Mapping[str, Any], candidates: FactStore
) -> None:
    check = _ArticleCheck(wanted, candidates)
    found: dict[str, list[Record]] = {k: list(candidates.of_kind(k)) for k in KINDS}
    pairs: dict[str, list[tuple[Any, Any]]] = {
        "company": [
            (c, g) for c in found["company"] for g in check.groups
            if isinstance(c, Company) and same_name(c.name, g)
        ],
        "person": [
            (c, p) for c in found["person"] for p in check.people
            if isinstance(c, Person) and same_name(c.name, [p])
        ],
        "deal": [
            (c, d) for c in found["deal"] for d in check.deals
            if isinstance(c, Deal) and check.deal_matches(c, d)
        ],
        "figure": [
            (c, f) for c in found["figure"] for f in check.figures
            if isinstance(c, Figure) and check.figure_matches(c, f)
        ],
    }  # fmt: skip
    expected_lists: dict[str, list[Any]] = {
        "company": check.groups,
        "person": check.people,
        "deal": check.deals,
        "figure": check.figures,
    }
    for kind in KINDS:
        score = result.scores[kind]
        score.proposed += len(found[kind])
        score.expected += len(expected_lists[kind])
        matched = pairs[kind]
        score.right += sum(any(c is m for m, _ in matched) for c in found[kind])
        score.found += sum(any(e is w for _, w in matched) for e in expected_lists[kind])
        if kind in ("deal", "company"):
            for record in found[kind]:
                if not any(record is m for m, _ in matched):
                    result.misses.append(f"{article.id}: extra {kind} {_label(record, candidates)}")
            for entry in expected_lists[kind]:
                if not any(entry is w for _, w in matched):
                    result.misses.append(f"{article.id}: missed {kind} {entry}")
    for deal, wanted_deal in _first_pairs(pairs["deal"]):
        assert isinstance(deal, Deal)
        details = result.deal_details
        details["sellers and stakes"].append(check.sellers_right(deal, wanted_deal))
        details["amount"].append(_same_amount(deal.amount, wanted_deal.get("amount")))
        details["status"].append(deal.status == wanted_deal.get("status"))
        if not all(d[-1] for d in details.values()):
            result.misses.append(
                f"{article.id}: deal {_label(deal, candidates)} details: sellers "
                f"{deal.sellers} stake {deal.stake_after} amount {deal.amount} status "
                f"{deal.status}; expected {wanted_deal}"
            )
    for figure, wanted_figure in _first_pairs(pairs["figure"]):
        assert isinstance(figure, Figure)
        right = check.names(figure.entity, str(wanted_figure.get("entity")))
        result.figure_entities.append(right)
        if not right:
            result.misses.append(
                f"{article.id}: figure {figure.printed!r} given to "
                f"{_record_name(candidates, figure.entity)!r}, expected {wanted_figure['entity']}"
            )


def _first_pairs(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Each candidate with the first expected record it matches."""
    seen: list[Any] = []
    firsts = []
    for candidate, wanted in pairs:
        if not any(candidate is s for s in seen):
            seen.append(candidate)
            firsts.append((candidate, wanted))
    return firsts


def _label(record: Record, store: FactStore) -> str:
    if isinstance(record, Deal):
        return f"{_record_name(store, record.acquirer)} -> {_record_name(store, record.target)}"
    return record.label
