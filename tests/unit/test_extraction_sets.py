"""Extraction scored on the labelled sets of ``tests/data/extraction/``: the development set the
deal patterns were written against, and the held-out set nobody tuned them on. The figures
are printed by ``bench/extraction_bench.py``; these tests keep them from falling, and hold the
held-out set to the goal it has not reached yet (an expected failure until it does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_gui.core.facts.evaluation import Evaluation, evaluate

SETS = Path(__file__).resolve().parents[1] / "data" / "extraction"


@pytest.fixture(scope="module")
def heldout() -> Evaluation:
    return evaluate(SETS / "heldout")


@pytest.fixture(scope="module")
def dev() -> Evaluation:
    return evaluate(SETS / "dev")


def test_the_development_set_keeps_what_its_patterns_reached(dev: Evaluation) -> None:
    deals = dev.scores["deal"]
    assert deals.precision >= 0.85
    assert deals.recall >= 0.65
    assert dev.share(dev.deal_details["sellers and stakes"]) >= 0.7
    assert dev.share(dev.figure_entities) >= 0.8


def test_the_held_out_set_does_not_fall_below_its_first_measure(heldout: Evaluation) -> None:
    """The first run on the held-out set (docs/benchmarks.md): a change that loses any of it
    fails here."""
    deals = heldout.scores["deal"]
    assert deals.precision >= 0.85
    assert deals.recall >= 0.45
    assert heldout.share(heldout.figure_entities) >= 0.9
    assert heldout.scores["company"].recall >= 0.8
    assert heldout.scores["person"].recall >= 0.9


@pytest.mark.xfail(
    strict=True,
    reason="issue 13's goal is not reached: held-out deal recall was 0.47 (docs/benchmarks.md)",
)
def test_the_held_out_set_reaches_the_goal(heldout: Evaluation) -> None:
    deals = heldout.scores["deal"]
    assert deals.precision >= 0.8
    assert deals.recall >= 0.8
    assert heldout.share(heldout.deal_details["sellers and stakes"]) >= 0.8
    assert heldout.share(heldout.figure_entities) >= 0.9


@pytest.mark.parametrize("name", ["heldout-b", "heldout2"])
def test_the_other_held_out_sets_do_not_fall_below_their_first_measure(name: str) -> None:
    """Written by other hands who never saw the patterns; their first runs (deals 0.94 / 0.63
    and 0.91 / 0.60): docs/benchmarks.md."""
    result = evaluate(SETS / name)
    deals = result.scores["deal"]
    assert deals.precision >= 0.9
    assert deals.recall >= 0.6
    assert result.scores["company"].recall >= 0.85
    assert result.scores["person"].recall >= 0.95
