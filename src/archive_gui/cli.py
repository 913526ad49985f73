"""The command line: the headless face of the same core the window uses."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from archive_gui.core.archive import NotAnArchiveError, default_archive
from archive_gui.core.articles import Article
from archive_gui.core.library import Library, UnknownArticleError
from archive_gui.core.search import QueryError, SearchHit

EXIT_USAGE = 2


class CliError(Exception):
    """A user's mistake: reported in one line on stderr, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-gui",
        description="Search, read and annotate a press archive. "
        "Without a command, opens the window.",
    )
    archive_option = argparse.ArgumentParser(add_help=False)
    archive_option.add_argument(
        "--archive",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="the archive folder (default: the current folder if it is one, else the bundled one)",
    )
    parser.add_argument("--archive", type=Path, default=None, metavar="DIR", help="archive folder")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    index = commands.add_parser("index", parents=[archive_option], help="build or update the index")
    index.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")

    search = commands.add_parser("search", parents=[archive_option], help="search the archive")
    search.add_argument(
        "query", help="a query, e.g. 'cloud souverain date:2015' or '\"salle blanche\"'"
    )
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results")
    search.add_argument("--json", action="store_true", help="print JSON (schema in README)")

    show = commands.add_parser("show", parents=[archive_option], help="print one article")
    show.add_argument("id", help="the article's id")
    show.add_argument("--json", action="store_true", help="print JSON")
    return parser


def open_library(archive: Path | None, err: TextIO) -> Library:
    try:
        library = Library.open(archive or default_archive())
    except NotAnArchiveError as exc:
        raise CliError(str(exc)) from None
    for problem in library.problems:
        print(f"warning: {problem}", file=err)
    return library


def run(
    argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Runs a command; returns the exit status. A ``None`` command means: open the window."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from archive_gui.ui.app import run_app

            return run_app(args.archive or default_archive(), err)
        library = open_library(args.archive, err)
        try:
            if args.command == "index":
                return cmd_index(library, args.rebuild, out)
            if args.command == "search":
                return cmd_search(library, args.query, args.limit, args.json, out)
            return cmd_show(library, args.id, args.json, out)
        finally:
            library.close()
    except (CliError, QueryError, UnknownArticleError) as exc:
        print(f"archive-gui: {exc}", file=err)
        return EXIT_USAGE


def cmd_index(library: Library, rebuild: bool, out: TextIO) -> int:
    report = library.ensure_index(rebuild=rebuild)
    count = library.index.doc_count
    if report.rebuilt:
        print(f"Built the index of {count} articles ({report.reason}).", file=out)
    elif report.changed:
        print(
            f"Updated the index: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.removed)} removed; {count} articles.",
            file=out,
        )
    else:
        print(f"The index is up to date: {count} articles.", file=out)
    return 0


def _emphasise(text: str, offset: int, spans: Sequence[tuple[int, int]], tty: bool) -> str:
    before, after = ("\033[1m", "\033[0m") if tty else ("[", "]")
    pieces, cursor = [], 0
    for start, end in spans:
        pieces += [
            text[cursor : start - offset],
            before,
            text[start - offset : end - offset],
            after,
        ]
        cursor = end - offset
    pieces.append(text[cursor:])
    return " ".join("".join(pieces).split())


def _format_hit(rank: int, hit: SearchHit, tty: bool) -> str:
    meta = ", ".join(x for x in (hit.publication, hit.published and hit.published.isoformat()) if x)
    lines = [f"{rank}. {hit.title} ({meta}) [{hit.id}] score {hit.score:.2f}"]
    for snippet in hit.snippets:
        spans = [(h.start, h.end) for h in snippet.hits]
        lines.append("   … " + _emphasise(snippet.text, snippet.start, spans, tty) + " …")
    return "\n".join(lines)


def cmd_search(library: Library, query: str, limit: int, as_json: bool, out: TextIO) -> int:
    if limit < 1:
        raise CliError("--limit must be 1 or more")
    results = library.search(query, limit)
    if as_json:
        json.dump([hit.to_json() for hit in results.hits], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    shown = len(results.hits)
    noun = "result" if results.total == 1 else "results"
    suffix = f", showing {shown}" if shown < results.total else ""
    print(f"{results.total} {noun} for {query!r}{suffix}", file=out)
    tty = out.isatty() and "NO_COLOR" not in os.environ
    for rank, hit in enumerate(results.hits, 1):
        print(_format_hit(rank, hit, tty), file=out)
    return 0


def article_json(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "publication": article.publication,
        "author": article.author,
        "published": article.published.isoformat(),
        "language": article.language,
        "source_file": article.source_file,
        "inferred": dict(article.inferred),
        "printed": dict(article.printed),
        "text": article.text,
    }


def cmd_show(library: Library, article_id: str, as_json: bool, out: TextIO) -> int:
    article = library.article(article_id)
    if as_json:
        json.dump(article_json(article), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0

    def value(name: str, text: str | None) -> str:
        shown = text or "unknown"
        if article.is_inferred(name):
            shown += " (inferred)"
        if name in article.printed:
            shown += f" (printed: {article.printed[name]})"
        return shown

    print(article.title, file=out)
    print(f"Publication: {value('publication', article.publication)}", file=out)
    print(f"Author:      {value('author', article.author)}", file=out)
    print(f"Published:   {value('published', article.published.isoformat())}", file=out)
    for name, evidence in article.inferred.items():
        print(f"  {name} inferred: {evidence}", file=out)
    print(file=out)
    print(article.text, file=out, end="" if article.text.endswith("\n") else "\n")
    return 0
