"""`facts`, `check` and `extract` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from archive_gui.core.facts.file import load_facts, save_facts
from tests.e2e.helpers import cli


def test_facts_json_lists_records_with_their_passages(archive: Path) -> None:
    run = cli("facts", "--kind", "deal", "--json", "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    deals = json.loads(run.stdout)
    assert {d["type"] for d in deals} == {"deal"}
    [numergy] = [d for d in deals if d["target"] == "numergy"]
    assert numergy["acquirer"] == "sfr"
    assert numergy["review"] == "confirmed"
    text = json.loads(
        cli("show", "numergy-repris-par-sfr", "--json", "--archive", str(archive)).stdout
    )["text"]
    passages = [e for e in numergy["evidence"] if e["article"] == "numergy-repris-par-sfr"]
    assert passages
    for passage in passages:
        assert text[passage["start"] : passage["end"]] == passage["quote"]


def test_facts_filtered_by_article(archive: Path) -> None:
    run = cli(
        "facts",
        "--article",
        "plan-social-chez-fluxus",
        "--kind",
        "person",
        "--archive",
        str(archive),
    )
    assert "person sergio-lovera: Sergio Lovera" in run.stdout
    assert "Patrick Drahi" not in run.stdout
    assert run.stdout.rstrip().endswith("records")


def test_facts_of_an_unknown_article(archive: Path) -> None:
    run = cli("facts", "--article", "nope", "--archive", str(archive))
    assert run.returncode == 2
    assert "no article with id 'nope'" in run.stderr


def test_check_passes_on_the_bundled_archive(archive: Path) -> None:
    run = cli("check", "--archive", str(archive))
    assert run.returncode == 0
    assert run.stdout.startswith("No problems (5 articles,")


def test_check_prints_every_problem_and_fails(archive: Path) -> None:
    facts = archive / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace("kind: takeover", "kind: heist", 1), "utf-8")
    (archive / "articles" / "broken.md").write_text("no front matter\n", "utf-8")
    article = archive / "articles" / "plan-social-chez-fluxus.md"
    article.write_text(
        article.read_text("utf-8").replace("Pertes vertigineuses", "Pertes"), "utf-8"
    )
    run = cli("check", "--archive", str(archive))
    assert run.returncode == 1
    assert "broken.md:1: missing front matter" in run.stdout
    assert "unknown kind 'heist'" in run.stdout
    assert f"error: {facts}:" in run.stdout
    # The passages after the shortened heading are found again exactly: a note, no warning.
    assert "note: " in run.stdout
    assert "plan-social-chez-fluxus" in run.stdout


def forget_curated(archive: Path, *record_ids: str) -> None:
    """Removes curated records, as if nobody had curated them yet: extraction proposes them.

    (Every figure extraction finds in the bundled articles is curated, so it proposes none.)
    """
    loaded = load_facts(archive / "facts.yaml")
    for record_id in record_ids:
        loaded.store.remove(record_id)
    save_facts(archive / "facts.yaml", loaded.store)


def test_extract_proposes_and_saves_candidates_without_repeating(archive: Path) -> None:
    forget_curated(archive, "cloud28-plus-members-count")
    before = (archive / "facts.yaml").read_text("utf-8")
    shown = cli("extract", "sfr-rachete-numergy", "--json", "--archive", str(archive))
    assert shown.returncode == 0, shown.stderr
    candidates = json.loads(shown.stdout)
    assert all(c["review"] == "candidate" for c in candidates)
    assert (archive / "facts.yaml").read_text("utf-8") == before

    saved = cli("extract", "--all", "--save", "--archive", str(archive))
    assert saved.returncode == 0, saved.stderr
    assert (archive / "facts.yaml.bak").read_text("utf-8") == before
    after = (archive / "facts.yaml").read_text("utf-8")
    assert "review: candidate" in after
    assert after.startswith(before[: before.index("- id: bt-ignite")])

    again = cli("extract", "--all", "--json", "--archive", str(archive))
    assert json.loads(again.stdout) == []


def test_extract_refuses_to_save_into_a_broken_facts_file(archive: Path) -> None:
    facts = archive / "facts.yaml"
    facts.write_text("schema: 1\ncompanies: [\n", "utf-8")
    run = cli("extract", "--all", "--save", "--archive", str(archive))
    assert run.returncode == 2
    assert "has errors" in run.stderr
    assert facts.read_text("utf-8") == "schema: 1\ncompanies: [\n"


def test_check_warns_about_records_missing_required_fields(archive: Path) -> None:
    facts = archive / "facts.yaml"
    text = facts.read_text("utf-8")
    facts.write_text(
        text.replace("  acquirer: sfr\n  target: numergy\n", "  acquirer: sfr\n", 1), "utf-8"
    )
    line = text[: text.index("- id: sfr-takes-over-numergy")].count("\n") + 1
    run = cli("check", "--archive", str(archive))
    assert run.returncode == 1
    assert (
        f"warning: {facts}:{line}: deal 'sfr-takes-over-numergy': missing required field target"
        in run.stdout
    )
    # Other commands do not repeat it at every run.
    search = cli("search", "Numergy", "--archive", str(archive))
    assert "missing required" not in search.stderr


def test_a_rejected_candidate_is_not_proposed_by_the_next_extract(archive: Path) -> None:
    from archive_gui.core.facts.editing import reject_candidate
    from archive_gui.core.library import Library

    facts = archive / "facts.yaml"
    forget_curated(archive, "cloud28-plus-members-count", "numergy-net-result-2014")
    text = facts.read_text("utf-8")
    saved = cli("extract", "--all", "--save", "--archive", str(archive))
    assert saved.returncode == 0, saved.stderr
    library = Library.open(archive)
    try:
        candidates = [r for r in library.store if r.review == "candidate"]
        # the two figures forgotten above, at least
        assert {"figure"} <= {r.KIND for r in candidates}
        for record in candidates:
            library.commit(reject_candidate(library.store, record.id))
    finally:
        library.close()
    assert "rejections:" in facts.read_text("utf-8")
    again = cli("extract", "--all", "--json", "--archive", str(archive))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == []
    check = cli("check", "--archive", str(archive))
    assert check.returncode == 0, check.stdout
    # The facts as they were, with the rejections remembered after them.
    assert facts.read_text("utf-8").startswith(text[: text.index("article_notes:")])
