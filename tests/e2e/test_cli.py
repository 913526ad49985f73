"""The command line as a user runs it: output, JSON and exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import cli


def test_index_builds_then_reports_up_to_date(bundled_archive: Path) -> None:
    first = cli("index", "--archive", str(bundled_archive))
    assert first.returncode == 0, first.stderr
    assert "Built the index of 5 articles" in first.stdout
    second = cli("index", "--archive", str(bundled_archive))
    assert "up to date: 5 articles" in second.stdout
    rebuilt = cli("index", "--rebuild", "--archive", str(bundled_archive))
    assert "Built the index of 5 articles (asked for)" in rebuilt.stdout


def test_search_prints_ranked_results_with_emphasised_hits(bundled_archive: Path) -> None:
    run = cli("search", "thales", "--archive", str(bundled_archive))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "2 results for 'thales'"
    assert "[orange-reprendrait-cloudwatt]" in run.stdout
    assert "[Thalès]" in run.stdout
    assert "[Thales]" in run.stdout


def test_search_json_offsets_point_into_the_article_text(bundled_archive: Path) -> None:
    run = cli("search", '"salle blanche" OR lovera', "--json", "--archive", str(bundled_archive))
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert {r["id"] for r in results} == {
        "fluxus-passe-sous-drapeau-anglais",
        "plan-social-chez-fluxus",
    }
    for result in results:
        assert set(result) >= {"id", "title", "published", "score", "hits", "snippets"}
        shown = json.loads(
            cli("show", result["id"], "--json", "--archive", str(bundled_archive)).stdout
        )
        text = shown["text"]
        for hit in result["hits"]:
            assert text[hit["start"] : hit["end"]] == hit["text"]
        for snippet in result["snippets"]:
            assert text[snippet["start"] : snippet["end"]] == snippet["text"]
        assert {h["text"].lower() for h in result["hits"]} <= {
            "lovera",
            "salle blanche",
            "salles blanches",
        }


def test_limit(bundled_archive: Path) -> None:
    run = cli("search", "cloud", "--limit", "1", "--archive", str(bundled_archive))
    assert run.stdout.splitlines()[0] == "3 results for 'cloud', showing 1"


def test_show_prints_metadata_marks_inferred_values_and_text(bundled_archive: Path) -> None:
    run = cli("show", "orange-reprendrait-cloudwatt", "--archive", str(bundled_archive))
    assert run.returncode == 0
    assert "Published:   2015-01-12 (inferred) (printed: 12.01.2014)" in run.stdout
    assert "Publication: unknown (inferred)" in run.stdout
    assert "Retard à l’allumage" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"unclosed'], "unbalanced quotes"),
        (["search", "colour:red"], "unknown field 'colour:'"),
        (["search", "date:hier"], "Dates are written"),
        (["show", "no-such-article"], "no article with id 'no-such-article'"),
        (["search", "x", "--limit", "0"], "--limit must be 1 or more"),
    ],
)
def test_user_mistakes_get_one_line_and_status_2(
    bundled_archive: Path, args: list[str], message: str
) -> None:
    run = cli(*args, "--archive", str(bundled_archive))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_archive_folder(tmp_path: Path) -> None:
    for folder in (tmp_path / "missing", tmp_path):
        run = cli("search", "cloud", "--archive", str(folder))
        assert run.returncode == 2
        assert run.stderr.startswith("archive-gui: ")
        assert run.stderr.count("\n") == 1


def test_a_bad_article_is_a_warning_and_the_rest_still_work(bundled_archive: Path) -> None:
    (bundled_archive / "articles" / "broken.md").write_text("---\nid: [\n---\n", "utf-8")
    run = cli("search", "cloudwatt", "--archive", str(bundled_archive))
    assert run.returncode == 0
    assert "warning:" in run.stderr
    assert "broken.md:2:" in run.stderr
    assert run.stdout.startswith("3 results")


def test_the_window_without_a_display_says_so_in_one_line(bundled_archive: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    run = cli("--archive", str(bundled_archive), env=env)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "no display" in run.stderr
    assert "archive-gui search" in run.stderr


def test_console_script_and_module_are_the_same_program(bundled_archive: Path) -> None:
    script = Path(sys.executable).with_name("archive-gui")
    run = subprocess.run(
        [
            str(script),
            "show",
            "plan-social-chez-fluxus",
            "--json",
            "--archive",
            str(bundled_archive),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(run.stdout)["author"] == "Nicolas Six"


def test_screenshot_renders_the_window_in_the_asked_state(archive: Path, tmp_path: Path) -> None:

    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    run = cli(
        "--archive", str(archive), "--screenshot", str(shot), "--query", "numergy",
        "--article", "numergy-repris-par-sfr", "--record", "sfr-takes-over-numergy", env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (1500, 900)
    bad = cli("--archive", str(archive), "--screenshot", str(shot), "--record", "nope", env=env)
    assert bad.returncode == 2
    assert "no record with id 'nope'" in bad.stderr


def test_the_sample_is_copied_once_and_said_so(tmp_path: Path, user_data_home: Path) -> None:
    """From a folder that is no archive, commands open the user's copy of the bundled sample."""
    env = {**os.environ, "XDG_DATA_HOME": str(user_data_home)}
    first = subprocess.run(
        [sys.executable, "-m", "archive_gui", "facts", "--kind", "company"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "sample archive was copied to" in first.stderr
    assert "Numergy" in first.stdout
    second = subprocess.run(
        [sys.executable, "-m", "archive_gui", "facts", "--kind", "company"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert second.stderr == ""
    assert second.stdout == first.stdout
