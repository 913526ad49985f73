"""`check` and `check --fix` after an article changed, as a user runs them."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import cli

FLUXUS = "fluxus-passe-sous-drapeau-anglais"
NUMERGY = "numergy-repris-par-sfr"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


def test_check_counts_passages_moved_with_their_context_and_fix_saves_them(
    archive: Path,
) -> None:
    replace_in(
        archive / "articles" / f"{FLUXUS}.md",
        "Avec l'apparition constante",
        "Avec l'apparition de plus en plus constante",
    )
    before = (archive / "facts.yaml").read_text("utf-8")

    check = cli("check", "--archive", str(archive))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "warning" not in check.stdout
    assert f"passages ({FLUXUS}) were found again word for word" in check.stdout
    assert "archive-gui check --fix" in check.stdout
    assert (archive / "facts.yaml").read_text("utf-8") == before

    fix = cli("check", "--fix", "--archive", str(archive))
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert "Saved the new offsets of" in fix.stdout
    assert (archive / "facts.yaml").read_text("utf-8") != before

    after = cli("check", "--archive", str(archive))
    assert after.returncode == 0
    assert "found again" not in after.stdout
    assert "No problems" in after.stdout


def test_check_fix_leaves_doubtful_passages_to_a_person(archive: Path) -> None:
    replace_in(
        archive / "articles" / f"{NUMERGY}.md",
        "Le premier a été racheté par Orange - l'un de ses trois actionnaires - en mars. ",
        "",
    )
    fix = cli("check", "--fix", "--archive", str(archive))
    assert fix.returncode == 1
    assert "'cloudwatt-shareholder-count'" in fix.stdout
    saved = (archive / "facts.yaml").read_text("utf-8")
    assert "quote: l'un de ses trois actionnaires\n" in saved
    assert "l'un de ses trois actionnaires - en mars" in saved  # the deal's quote, unchanged
