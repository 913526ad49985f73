"""Reading YAML safely, with the line of any problem.

Only PyYAML's safe loader is used (what ``yaml.safe_load`` uses), in its C build (LibYAML)
where PyYAML has it: the facts file parses about ten times faster, which the window's start
needs. Nothing here can build arbitrary Python objects.
"""

from __future__ import annotations

from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The safe dumper (what ``yaml.safe_dump`` uses), in C where PyYAML has it: saving the facts
# file at every edit must be quick.
SAFE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# What PyYAML was reading when the fault is where that began, not where it noticed it.
CONTEXT_AT_FAULT = (
    "while scanning a simple key",
    "while scanning a quoted",
    "while parsing a flow",
)


class YamlProblem(ValueError):
    """Malformed YAML; ``line`` is 1-based within the text given, or None."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def dump_yaml(data: Any) -> str:
    """``data`` as block YAML, keys in the order given, non-ASCII letters as themselves."""
    return yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=100)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` that reports the line of a syntax error.

    An impossible date (``2015-13-45``) is kept as the text written rather than failing the
    whole file: the reader of the field that holds it reports it, at its own line, and every
    other value still loads.
    """
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_error_line(exc, text), _error_message(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(None, str(exc)) from None
    except ValueError as exc:
        # A tag the safe constructor cannot honour (``!!int x``) says neither what nor where.
        raise YamlProblem(None, f"bad value: {exc}") from None


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A YAML timestamp as a date or datetime, or as its text when no such day exists."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _Loader(SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader (C build where there is one) with impossible dates kept as text."""


_Loader.add_constructor(TIMESTAMP_TAG, _timestamp_or_text)


def _error_message(exc: yaml.MarkedYAMLError) -> str:
    """What is wrong, with what PyYAML was reading when it found out ("while scanning a
    quoted scalar" says that a quote is not closed, which "end of stream" alone does not)."""
    if exc.problem and exc.context:
        return f"{exc.problem} ({exc.context})"
    return str(exc.problem or exc.context or "malformed YAML")


def _error_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The 1-based line of the mistake, which is not always where PyYAML noticed it.

    A key without its colon, a quote or a flow collection (``[a, b``, ``{x: 1``) left open
    are noticed where the next token starts, often on a later line or at the end of the
    text: their context mark is where the faulty token began. A quote left open in a block
    may run on until the next quote, many lines below: the error shows there, and the
    mistake is where that quoted value starts. A mistake noticed on a blank line or at the
    end of the text is on the last line that holds something before it.
    """
    mark = exc.problem_mark
    if exc.context_mark is not None and (exc.context or "").startswith(CONTEXT_AT_FAULT):
        mark = exc.context_mark
    if mark is None:
        mark = exc.context_mark
    if mark is None:
        return None
    line = int(mark.line)
    if isinstance(exc, yaml.parser.ParserError):
        line = _open_quote_line(text, mark, line)
    lines = text.split("\n")
    if int(mark.column) == 0:
        while line > 0 and (line >= len(lines) or not lines[line].strip()):
            line -= 1
    return line + 1


def _open_quote_line(text: str, mark: yaml.Mark, line: int) -> int:
    """Where the quoted value that runs up to ``mark`` over several lines starts (0-based),
    or ``line`` if the token before ``mark`` is no such value.

    The text is scanned again only when a quote ends just before ``mark``, and only up to
    it: a large file's error is not held up for a case that cannot apply.
    """
    lines = text.split("\n")
    head = [*lines[: mark.line], lines[mark.line][: mark.column] if mark.line < len(lines) else ""]
    if not "\n".join(head).rstrip().endswith(("'", '"')):
        return line
    before: yaml.Token | None = None
    try:
        for token in yaml.scan("\n".join(head), Loader=SAFE_LOADER):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            before = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(before, yaml.ScalarToken)
        and before.style in ("'", '"')
        and before.start_mark.line < before.end_mark.line
    ):
        return int(before.start_mark.line)
    return line


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML's node tree, with the position of every node; builds no Python objects."""
    return yaml.compose(text, Loader=SAFE_LOADER)
