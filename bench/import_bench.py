"""Import benchmark: saved news pages into a new archive, with and without extraction.

It writes N saved pages (default 1,000): the search benchmark's synthetic French-like
articles, each wrapped in a news site's chrome (menus, a cookie banner, share buttons, "Lire
aussi", a newsletter blurb, comments, a footer, scripts; Open Graph and JSON-LD on half of
them, meta tags only on the others), then imports them as the command line does
(``Library.import_files``, then ``ensure_index``, then ``propose_candidates``) and prints:

- pages imported per second (reading, extraction of the text and metadata, writing);
- the time to index them, and the time from the start until the first one is searchable;
- with extraction: the time to propose candidates and articles per second overall.

It only prints figures; it never asserts. Targets: 40 pages/s without extraction, 10
articles/s with it, on 2 cores. Run it from the project root::

    .venv/bin/python bench/import_bench.py [--pages 1000] [--extract-pages 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive_gui.core.archive.articles import Article
from archive_gui.core.library import Library
from search_bench import synthetic_articles

SITES = ("Le Quotidien du Numérique", "Cloud Hebdo", "L'Informaticien du Soir", "Réseaux & Co")
STYLE = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(400))
SCRIPT = "".join(f"var v{i}=function(a,b){{return a*{i}+b;}};" for i in range(800))
NAV = ("Accueil", "Économie", "Tech", "Cloud", "Télécoms", "Start-up", "Emploi", "Opinions")


def chrome_page(article: Article, number: int, rng: random.Random) -> str:
    """``article`` as a saved news page: its paragraphs inside a site's chrome."""
    site = SITES[number % len(SITES)]
    date = article.published.isoformat() if article.published else ""
    title = html.escape(article.title)
    head = [f"<title>{title} - {html.escape(site)}</title>", '<meta charset="utf-8">']
    if number % 2 == 0:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": f"{date}T08:00:00+01:00",
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": site},
            "inLanguage": "fr-FR",
        }
        head += [
            f'<meta property="og:title" content="{title}">',
            f'<meta property="og:site_name" content="{html.escape(site)}">',
            f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>',
        ]
    else:
        head += [
            f'<meta name="author" content="{html.escape(article.author or "")}">',
            f'<meta name="date" content="{date}">',
        ]
    head.append("<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>")
    # What makes a saved page heavy: inline scripts and styles (here about 40 KB).
    head.append(f"<style>{STYLE}</style><script>{SCRIPT}</script>")
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n\n"))
    related = "".join(
        f'<li><a href="/a/{rng.randrange(10**6)}">Un autre titre sur le cloud numéro {i}</a></li>'
        for i in range(5)
    )
    comments = "".join(
        f'<div class="comment"><b>Lecteur{i}</b><p>Très intéressant, merci pour cet article '
        f"qui résume bien la situation {i}.</p></div>"
        for i in range(3)
    )
    footer = "".join(f'<a href="/f/{i}">Lien de pied de page {i}</a> ' for i in range(20))
    return (
        f'<!DOCTYPE html><html lang="fr"><head>{"".join(head)}</head><body>'
        f'<header><div class="logo">{html.escape(site)}</div><nav><ul>{nav}</ul></nav></header>'
        '<div id="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience. '
        "<button>Accepter</button><button>Refuser</button></div>"
        f'<main><article><h1>{title}</h1><div class="byline">Par '
        f"{html.escape(article.author or '')} | {date}</div>"
        '<div class="share"><a>Partager sur X</a><a>LinkedIn</a><a>Facebook</a></div>'
        f"{paragraphs}"
        f'<aside class="related"><h2>Lire aussi</h2><ul>{related}</ul></aside></article>'
        '<div class="newsletter">Inscrivez-vous à notre newsletter quotidienne !</div>'
        f'<section class="comments"><h2>Commentaires</h2>{comments}</section>'
        '<div class="ad">Publicité</div></main>'
        f"<footer>{footer}<p>© {html.escape(site)} - Mentions légales</p></footer>"
        "</body></html>"
    )


def write_pages(folder: Path, count: int) -> int:
    """Writes ``count`` saved pages; returns their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    size = 0
    for number, article in enumerate(synthetic_articles(count)):
        data = chrome_page(article, number, rng).encode("utf-8")
        (folder / f"page-{number:05d}.html").write_bytes(data)
        size += len(data)
    return size


def import_run(pages: Path, root: Path, extract: bool) -> dict[str, float]:
    """One import of every page into a new archive at ``root``; the times it took."""
    start = time.perf_counter()
    library = Library.create(root)
    report = library.import_files([pages])
    imported = time.perf_counter()
    library.ensure_index()
    indexed = time.perf_counter()
    first = next(iter(library.articles.values()))
    assert library.search(f'"{first.title.split()[0]}"').total >= 1
    figures = {
        "pages": float(len(report.outcomes)),
        "imported": float(len(report.imported_ids)),
        "import_s": imported - start,
        "index_s": indexed - imported,
        "first_searchable_s": indexed - start,
    }
    if extract:
        candidates = library.propose_candidates(report.imported_ids, save=True)
        figures["extract_s"] = time.perf_counter() - indexed
        figures["candidates"] = float(len(candidates))
    library.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages without extraction")
    parser.add_argument("--extract-pages", type=int, default=1000, help="pages with extraction")
    parser.add_argument("--keep", type=Path, help="keep the pages and archives in this folder")
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        pages = work / "pages"
        size = write_pages(pages, max(args.pages, args.extract_pages))
        print(f"{max(args.pages, args.extract_pages)} pages written, {size / 1e6:.1f} MB")
        plain = import_run(pages, work / "plain", extract=False)
        rate = plain["imported"] / plain["import_s"]
        print(
            f"\nwithout extraction: {plain['imported']:.0f} of {plain['pages']:.0f} pages "
            f"imported in {plain['import_s']:.1f} s ({rate:.1f} pages/s; target 40); "
            f"indexed in {plain['index_s']:.1f} s; first article searchable after "
            f"{plain['first_searchable_s']:.1f} s"
        )
        subset = work / "subset"
        subset.mkdir()
        for page in sorted(pages.iterdir())[: args.extract_pages]:
            (subset / page.name).symlink_to(page)
        full = import_run(subset, work / "extracted", extract=True)
        total = full["import_s"] + full["index_s"] + full["extract_s"]
        print(
            f"with extraction: {full['imported']:.0f} pages imported in {full['import_s']:.1f} s, "
            f"indexed in {full['index_s']:.1f} s, {full['candidates']:.0f} candidates proposed "
            f"in {full['extract_s']:.1f} s (the pipeline's load included): "
            f"{full['imported'] / total:.1f} articles/s overall (target 10)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
