"""Shared fixtures: small archives built in tmp_path from the bundled articles or from text."""

from __future__ import annotations

import os

# Qt aborts the whole process without a display; tests always run offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import Article, content_hash, load_articles

PROJECT = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLES = PROJECT / "articles"

ArticleWriter = Callable[..., Path]


def article_file(
    article_id: str,
    text: str,
    title: str = "Un titre",
    published: str = "2015-01-01",
    **fields: str,
) -> str:
    """The text of an article file with a minimal front matter."""
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return (
        f"---\nid: {article_id}\ntitle: {title}\npublished: {published}\nlanguage: fr\n"
        f"{extra}---\n{text}"
    )


@pytest.fixture(autouse=True)
def user_data_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Data and cache folders of the test's own: the user's copy of the sample and the facts
    cache are made there, never in the home folder of whoever runs the tests."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


@pytest.fixture
def archive(bundled_archive: Path) -> Path:
    """A copy of the bundled archive with its curated facts, for tests that change them."""
    shutil.copyfile(PROJECT / "facts.yaml", bundled_archive / "facts.yaml")
    return bundled_archive


@pytest.fixture
def bundled_archive(tmp_path: Path) -> Path:
    """A copy of the bundled archive's articles, so tests may change and index them."""
    root = tmp_path / "archive"
    shutil.copytree(BUNDLED_ARTICLES, root / "articles")
    return root


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "articles").mkdir(parents=True)
    return root


@pytest.fixture
def write_article(empty_archive: Path) -> ArticleWriter:
    """Writes an article file into the empty archive and returns its path."""

    def write(article_id: str, text: str, **fields: str) -> Path:
        path = empty_archive / "articles" / f"{article_id}.md"
        path.write_text(article_file(article_id, text, **fields), encoding="utf-8")
        return path

    return write


def mixed_articles(count: int, seed: int = 7) -> dict[str, Article]:
    """Articles made of sentences of the bundled ones, shuffled: real French, many articles."""
    texts = [a.text for a in load_articles(BUNDLED_ARTICLES).articles.values()]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 20]
    rng = random.Random(seed)
    articles = {}
    for i in range(count):
        text = " ".join(rng.sample(sentences, 8))
        article = Article(
            id=f"mix-{i:03d}",
            title=" ".join(rng.sample(sentences, 1)[0].split()[:6]),
            published=dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(5000)),
            text=text,
            content_hash=content_hash(text.encode("utf-8")),
        )
        articles[article.id] = article
    return articles
