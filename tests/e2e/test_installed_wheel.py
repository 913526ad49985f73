"""The package as a user installs it: a wheel, run outside the checkout, finds its sample."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built without the network and unpacked as pip would install it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP_WHEEL, "-w", str(out), str(PROJECT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (wheel,) = out.glob("archive_gui-*.whl")
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_the_wheel_holds_the_sample_as_files_not_links(installed: Path) -> None:
    sample = installed / "archive_gui" / "sample"
    articles = sorted((sample / "articles").glob("*.md"))
    assert len(articles) == 5
    assert (sample / "facts.yaml").is_file()
    assert not (sample / "facts.yaml").is_symlink()
    assert (PROJECT / "facts.yaml").read_bytes() == (sample / "facts.yaml").read_bytes()


def test_the_installed_command_searches_its_sample_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(installed), XDG_DATA_HOME=str(tmp_path / "data"))
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    where = subprocess.run(
        [sys.executable, "-c", "import archive_gui; print(archive_gui.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed)

    run = subprocess.run(
        [sys.executable, "-m", "archive_gui", "search", "cloudwatt"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "1. Orange reprendrait la maîtrise de Cloudwatt" in run.stdout
    assert "The bundled sample archive was copied to" in run.stderr
    assert list((tmp_path / "data").rglob("sample-archive/articles/*.md"))
