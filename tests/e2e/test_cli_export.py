"""`export` and `import-annotations` as a user runs them."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.helpers import cli


def test_ftm_export_is_read_by_ftms_own_command_line_tool(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.ftm.json"
    run = cli("export", "--format", "ftm", "-o", str(out), "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    assert "left out: " in run.stderr
    assert "figures" in run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert f"Exported {len(lines)} entities (ftm) to {out}." in run.stderr
    checked = tmp_path / "checked.json"
    ftm = Path(sys.executable).with_name("ftm")
    tool = subprocess.run(
        [str(ftm), "validate", "-i", str(out), "-o", str(checked)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert tool.returncode == 0, tool.stderr
    assert len(checked.read_text(encoding="utf-8").splitlines()) == len(lines)


def test_a_query_limits_the_export_to_the_articles_it_finds(archive: Path) -> None:
    run = cli("export", "--format", "json", "--query", "drapeau", "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    records = json.loads(run.stdout)
    articles = {p["article"] for r in records for p in r["evidence"]}
    assert articles == {"fluxus-passe-sous-drapeau-anglais"}
    assert "from the 1 articles 'drapeau' finds" in run.stderr
    bad = cli("export", "--format", "json", "--query", '"unclosed', "--archive", str(archive))
    assert bad.returncode == 2
    assert bad.stderr.startswith("archive-gui: ")
    assert "Traceback" not in bad.stderr


def test_csv_to_a_folder_and_one_kind_to_standard_output(archive: Path, tmp_path: Path) -> None:
    run = cli("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "companies.csv", "deals.csv", "events.csv", "figures.csv", "people.csv",
    ]  # fmt: skip
    one = cli("export", "--format", "csv", "--kind", "person", "--archive", str(archive))
    assert one.returncode == 0, one.stderr
    rows = list(csv.DictReader(one.stdout.lstrip("\ufeff").splitlines()))
    assert "Patrick Drahi" in {row["name"] for row in rows}
    several = cli("export", "--format", "csv", "--archive", str(archive))
    assert several.returncode == 2
    assert "give a folder (-o DIR) or one --kind" in several.stderr


def test_w3c_round_trip_through_the_command_line(archive: Path, tmp_path: Path) -> None:
    exported = tmp_path / "passages.jsonld"
    run = cli("export", "--format", "w3c", "-o", str(exported), "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    copy = tmp_path / "copy"
    shutil.copytree(archive / "articles", copy / "articles")
    (copy / "facts.yaml").write_text("schema: 1\n", encoding="utf-8")
    imported = cli("import-annotations", str(exported), "--archive", str(copy))
    assert imported.returncode == 0, imported.stderr
    total = json.loads(exported.read_text(encoding="utf-8"))["total"]
    assert f"{total} passages attached" in imported.stdout
    original = json.loads(cli("facts", "--json", "--archive", str(archive)).stdout)
    copied = json.loads(cli("facts", "--json", "--archive", str(copy)).stdout)

    def passages(records: list[dict[str, Any]]) -> set[tuple[object, ...]]:
        return {
            (r["id"], p["article"], p["start"], p["end"], p["quote"])
            for r in records
            if r["type"] != "article_note"
            for p in r["evidence"]
        }

    assert passages(copied) == passages(original)
    check = cli("check", "--archive", str(copy))
    assert check.returncode == 0, check.stdout


def test_a_bad_annotation_file_changes_nothing(archive: Path, tmp_path: Path) -> None:
    before = (archive / "facts.yaml").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('[{"type": "Annotation", "target": {"source": "x"}}]', encoding="utf-8")
    run = cli("import-annotations", str(bad), "--archive", str(archive))
    assert run.returncode == 2
    assert run.stderr == (
        f"archive-gui: {bad}: annotation 1 has no TextQuoteSelector or TextPositionSelector: "
        "it names no passage; nothing imported\n"
    )
    assert (archive / "facts.yaml").read_bytes() == before


def test_annotations_kept_aside_are_listed_and_written_to_the_archive(
    archive: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "passages.jsonld"
    options = ["--format", "w3c", "--kind", "company", "-o", str(exported)]
    assert cli("export", *options, "--archive", str(archive)).returncode == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    first = data["first"]["items"][0]
    first["target"]["source"] = "urn:x-archive-gui:article:gone"
    exported.write_text(json.dumps(data), encoding="utf-8")
    run = cli("import-annotations", str(exported), "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    assert f"kept aside: {first['id']}: its article 'gone' is not in this archive" in run.stdout
    [aside] = (archive / "kept-aside").iterdir()
    assert f"The annotations kept aside are in {aside}." in run.stdout
    assert json.loads(aside.read_text(encoding="utf-8"))["total"] == 1
