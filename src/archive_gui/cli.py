"""The command line: the headless face of the same core the window uses."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.folder import NotAnArchiveError, default_archive
from archive_gui.core.archive.importing import ImportOutcome
from archive_gui.core.exchange.export import (
    FORMATS,
    ExportError,
    ExportReport,
    export_pieces,
    export_to,
)
from archive_gui.core.exchange.selection import select
from archive_gui.core.exchange.tables import record_json
from archive_gui.core.exchange.webannotation import (
    AnnotationFormatError,
    keep_aside,
    plan_import,
    read_annotation_file,
)
from archive_gui.core.facts.file import missing_field_problems, record_dict
from archive_gui.core.facts.records import CONFIRMED, Record
from archive_gui.core.facts.session import FactsLockedError
from archive_gui.core.kinds import FACT_KINDS
from archive_gui.core.library import Library, UnknownArticleError
from archive_gui.core.search.results import QueryError, SearchHit

EXIT_USAGE = 2


class CliError(Exception):
    """A user's mistake: reported in one line on stderr, exit status 2."""


def window_size(text: str) -> tuple[int, int]:
    """``--size``'s value: "1024x700" as (1024, 700)."""
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT (e.g. 1024x700)") from None
    if min(size) < 100:
        raise argparse.ArgumentTypeError(f"'{text}' is too small (at least 100x100)")
    return size


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
        help="the archive folder (default: the current folder if it is one, else your copy of the "
        "bundled sample)",
    )
    parser.add_argument("--archive", type=Path, default=None, metavar="DIR", help="archive folder")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the window offscreen in the state below to a PNG, then exit",
    )
    parser.add_argument("--query", help="with --screenshot: the search to show")
    parser.add_argument("--article", metavar="ID", help="with --screenshot: the article to open")
    parser.add_argument("--record", metavar="ID", help="with --screenshot: the record to select")
    parser.add_argument(
        "--size",
        type=window_size,
        default=(1500, 900),
        metavar="WxH",
        help="with --screenshot: the window's size (default 1500x900)",
    )
    parser.add_argument("--dark", action="store_true", help="with --screenshot: use a dark palette")
    parser.add_argument(
        "--view",
        choices=("timeline", "graph", "figures"),
        help="with --screenshot: show this picture of the facts below the panes",
    )
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

    facts = commands.add_parser("facts", parents=[archive_option], help="list the fact records")
    facts.add_argument("--kind", choices=FACT_KINDS, help="only records of this kind")
    facts.add_argument("--article", metavar="ID", help="only records with a passage in it")
    facts.add_argument("--json", action="store_true", help="print JSON (schema in README)")

    check = commands.add_parser(
        "check", parents=[archive_option], help="validate articles, facts and passages"
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="save the new offsets of passages found again word for word with their context",
    )

    extract = commands.add_parser(
        "extract", parents=[archive_option], help="propose candidate records for articles"
    )
    which = extract.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", help="the article's id")
    which.add_argument("--all", action="store_true", help="every article")
    extract.add_argument(
        "--save", action="store_true", help="add the candidates to the facts file for review"
    )
    extract.add_argument("--json", action="store_true", help="print JSON")

    export = commands.add_parser(
        "export",
        parents=[archive_option],
        help="write the facts for other tools: FollowTheMoney, W3C Web Annotation, CSV, JSON",
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="the form to write")
    export.add_argument("--kind", choices=FACT_KINDS, action="append", help="only this kind")
    export.add_argument(
        "--query", metavar="Q", help="only the records and passages of the articles Q finds"
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE|DIR",
        help="where to write (CSV: a folder, one file per kind); default: standard output",
    )

    annotations = commands.add_parser(
        "import-annotations",
        parents=[archive_option],
        help="attach W3C Web Annotations (an export of this or another archive) to the facts",
    )
    annotations.add_argument("file", type=Path, metavar="FILE", help="a W3C annotation file")

    init = commands.add_parser("init", help="make an empty archive")
    init.add_argument("dir", type=Path, metavar="DIR", help="the folder (made if need be)")

    imports = commands.add_parser(
        "import",
        parents=[archive_option],
        help="import saved web pages (.html) and text files (.txt, .md), folders walked",
    )
    imports.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="files or folders")
    imports.add_argument(
        "--no-extract", action="store_true", help="do not propose candidate records"
    )
    imports.add_argument("--json", action="store_true", help="print JSON")
    return parser


# Commands that read only the articles: a large facts file is not loaded for them.
ARTICLES_ONLY = frozenset({"show"})


def open_library(archive: Path | None, err: TextIO, command: str | None = None) -> Library:
    """Opens the archive and warns of its problems (``check`` lists them itself); the facts'
    problems only for a command that loads the facts."""
    try:
        library = Library.open(archive or default_archive())
    except NotAnArchiveError as exc:
        raise CliError(str(exc)) from None
    copy = library.paths.sample_copy
    if copy is not None and copy.created:
        print(f"archive-gui: {copy.notice()}", file=err)
    if command != "check":
        problems = library.article_problems if command in ARTICLES_ONLY else library.problems
        for problem in problems:
            print(f"warning: {problem}", file=err)
    return library


def run(
    argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Runs a command; returns the exit status. A ``None`` command means: open the window."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from archive_gui.ui.app import ScreenshotRequest, run_app

            shot = None
            if args.screenshot is not None:
                shot = ScreenshotRequest(
                    args.screenshot,
                    args.query,
                    args.article,
                    args.record,
                    size=args.size,
                    dark=args.dark,
                    view=args.view,
                )
            return run_app(args.archive, err, shot)
        if args.command == "init":
            return cmd_init(args.dir, out)
        library = open_library(args.archive, err, args.command)
        try:
            if args.command == "index":
                return cmd_index(library, args.rebuild, out)
            if args.command == "search":
                return cmd_search(library, args.query, args.limit, args.json, out)
            if args.command == "facts":
                return cmd_facts(library, args.kind, args.article, args.json, out)
            if args.command == "check":
                return cmd_check(library, args.fix, out)
            if args.command == "extract":
                return cmd_extract(library, args.id, args.save, args.json, out, err)
            if args.command == "export":
                return cmd_export(library, args, out, err)
            if args.command == "import-annotations":
                return cmd_import_annotations(library, args.file, out)
            if args.command == "import":
                return cmd_import(library, args.paths, not args.no_extract, args.json, out, err)
            return cmd_show(library, args.id, args.json, out)
        finally:
            library.close()
    except (
        CliError,
        QueryError,
        UnknownArticleError,
        FactsLockedError,
        NotAnArchiveError,
        ExportError,
        AnnotationFormatError,
    ) as exc:
        print(f"archive-gui: {exc}", file=err)
        return EXIT_USAGE


def cmd_init(root: Path, out: TextIO) -> int:
    library = Library.create(root)
    library.close()
    print(f"Made an empty archive in {library.paths.root}.", file=out)
    print(f"Import articles with: archive-gui import FILES --archive {root}", file=out)
    return 0


def cmd_import(
    library: Library, paths: Sequence[Path], extract: bool, as_json: bool, out: TextIO, err: TextIO
) -> int:
    """Imports, then indexes the new articles and proposes their candidate records."""
    if extract and library.read_only:
        raise CliError(
            f"{library.paths.facts_path} has errors; fix them or import with --no-extract"
        )

    def progress(done: int, total: int, name: str) -> None:
        if err.isatty():
            print(f"\rImporting {done + 1}/{total}: {name[:50]:<50}", end="", file=err)

    report = library.import_files(paths, progress)
    if err.isatty():
        print(file=err)
    new = report.imported_ids
    library.ensure_index()
    candidates = library.propose_candidates(new, save=True) if extract and new else []
    if as_json:
        print_json([outcome_json(o) for o in report.outcomes], out)
    else:
        for outcome in report.outcomes:
            print(outcome_line(outcome), file=out)
        made = f"; {len(candidates)} candidate records to review" if extract else ""
        print(f"{report.summary()}{made}.", file=out)
    return 0


def outcome_line(outcome: ImportOutcome) -> str:
    if outcome.status == "imported":
        notes = "".join(f"\n  note: {note}" for note in outcome.notes)
        return f"imported {outcome.source} as {outcome.article_id}{notes}"
    return f"{outcome.status} {outcome.source}: {outcome.reason}"


def outcome_json(outcome: ImportOutcome) -> dict[str, object]:
    return {
        "source": str(outcome.source),
        "status": outcome.status,
        "id": outcome.article_id,
        "reason": outcome.reason or None,
        "notes": list(outcome.notes),
    }


def print_json(data: object, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def cmd_index(library: Library, rebuild: bool, out: TextIO) -> int:
    report = library.ensure_index(rebuild=rebuild, full_check=True)
    count = library.index.article_count
    if report.rebuilt:
        print(f"Built the index of {count} articles ({report.reason}).", file=out)
    elif report.changed:
        print(
            f"Updated the index: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.removed)} removed, the facts of {len(report.facts)}; "
            f"{count} articles.",
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
        print_json([hit.to_json() for hit in results.hits], out)
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
        "published": article.date_text or None,
        "language": article.language,
        "source_file": article.source_file,
        "inferred": dict(article.inferred),
        "printed": dict(article.printed),
        "text": article.text,
    }


def cmd_show(library: Library, article_id: str, as_json: bool, out: TextIO) -> int:
    article = library.article(article_id)
    if as_json:
        print_json(article_json(article), out)
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
    print(f"Published:   {value('published', article.date_text)}", file=out)
    for name, evidence in article.inferred.items():
        print(f"  {name} inferred: {evidence}", file=out)
    print(file=out)
    print(article.text, file=out, end="" if article.text.endswith("\n") else "\n")
    return 0


def _format_record(record: Record) -> str:
    data = record_dict(record)
    lines = [f"{record.KIND} {record.id}: {record.label}"]
    if record.review != CONFIRMED:
        lines[0] += f"  [{record.review}]"
    for key, value in data.items():
        if key in ("id", "evidence"):
            continue
        lines.append(f"    {key}: {json.dumps(value, ensure_ascii=False)}")
    for evidence in record.evidence:
        anchor = evidence.anchor
        supports = f" ({', '.join(evidence.fields)})" if evidence.fields else ""
        state = " ORPHANED" if anchor.orphaned else ""
        if anchor.awaiting_confirmation:
            state = " RE-ANCHORED, UNCONFIRMED"
        quote = " ".join(anchor.quote.split())
        lines.append(
            f"    « {quote} » {anchor.article} {anchor.start}-{anchor.end}{supports}{state}"
        )
    return "\n".join(lines)


def print_records(records: list[Record], as_json: bool, noun: str, out: TextIO) -> int:
    if as_json:
        print_json([record_json(r) for r in records], out)
        return 0
    for record in records:
        print(_format_record(record), file=out)
    print(f"{len(records)} {noun}", file=out)
    return 0


def cmd_facts(
    library: Library, kind: str | None, article_id: str | None, as_json: bool, out: TextIO
) -> int:
    if article_id is not None:
        library.article(article_id)
    records = [
        r
        for r in library.store
        if (kind is None or kind == r.KIND)
        and (article_id is None or any(e.anchor.article == article_id for e in r.evidence))
    ]
    return print_records(records, as_json, "records", out)


def cmd_check(library: Library, fix: bool, out: TextIO) -> int:
    """Prints every problem of the archive's articles, facts and passages; 1 if there is any.

    Passages found again word for word with their context are no problem: ``fix`` saves their
    new offsets, otherwise one line says how many a save would write.
    """
    incomplete = missing_field_problems(library.paths.facts_path, library.store)
    problems = [*library.problems, *incomplete]
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=out)
    _report_moved_passages(library, fix, out)
    counts = f"{len(library.articles)} articles, {len(library.store)} records"
    if problems:
        print(f"{len(problems)} problems ({counts})", file=out)
        return 1
    print(f"No problems ({counts}).", file=out)
    return 0


def _report_moved_passages(library: Library, fix: bool, out: TextIO) -> None:
    moved = sum(library.facts.moved.values())
    if not moved:
        return
    articles = ", ".join(sorted(library.facts.moved))
    passages = (
        f"1 passage ({articles}) was" if moved == 1 else f"{moved} passages ({articles}) were"
    )
    if not fix:
        print(
            f"note: {passages} found again word for word with their context at new offsets; "
            "'archive-gui check --fix' saves them",
            file=out,
        )
    elif library.read_only:
        print(f"note: {passages} not saved: the facts file has errors", file=out)
    else:
        saved = library.facts.save_moved()
        print(f"Saved the new offsets of {saved} passages to {library.paths.facts_path}.", file=out)


def cmd_extract(
    library: Library, article_id: str | None, save: bool, as_json: bool, out: TextIO, err: TextIO
) -> int:
    articles = (
        list(library.articles.values()) if article_id is None else [library.article(article_id)]
    )
    if save and library.read_only:
        raise CliError(
            f"{library.paths.facts_path} has errors; fix them before saving candidates "
            "(archive-gui check lists them)"
        )
    found = library.propose_candidates([a.id for a in articles], save)
    if save:
        print(f"Saved {len(found)} candidates to {library.paths.facts_path}.", file=err)
    return print_records(found, as_json, "candidates", out)


def cmd_export(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Writes the records (of ``--kind``, of the articles ``--query`` finds) in a format."""
    articles = None if args.query is None else library.matching_articles(args.query)
    selection = select(
        library.store, library.articles, args.kind, articles, library.paths.root.name
    )
    if args.output is None:
        report = ExportReport(args.format)
        for piece in export_pieces(selection, args.format, report):
            out.write(piece)
    else:
        report = export_to(selection, args.format, args.output)
    for reason in report.left_out:
        print(f"left out: {reason}", file=err)
    found = "" if articles is None else f", from the {len(articles)} articles {args.query!r} finds"
    print(f"{report.summary()}{found}.", file=err)
    return 0


def cmd_import_annotations(library: Library, path: Path, out: TextIO) -> int:
    """Attaches a file's annotations to the facts, as one save; those that cannot be
    attached are listed and written beside the facts, to be looked at and imported again."""
    if library.read_only:
        raise CliError(f"{library.paths.facts_path} has errors; fix them before importing")
    try:
        plan = plan_import(library.store, library.articles, read_annotation_file(path))
    except AnnotationFormatError as exc:
        raise CliError(f"{path}: {exc}; nothing imported") from None
    if plan.edit:
        library.commit(plan.edit)
    for kept in plan.kept_aside:
        print(f"kept aside: {kept.name}: {kept.reason}", file=out)
    if plan.kept_aside:
        aside = keep_aside(library.paths.kept_aside_dir, path, plan.kept_aside)
        print(f"The annotations kept aside are in {aside}.", file=out)
    print(f"Imported {path.name}: {plan.summary()}.", file=out)
    return 0
