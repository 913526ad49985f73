"""Reading YAML safely, with the line of any problem.

Only PyYAML's safe loader is used (what ``yaml.safe_load`` uses), in its C build (LibYAML)
where PyYAML has it: the facts file parses about ten times faster, which the window's start
needs. Nothing here can build arbitrary Python objects.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The safe dumper (what ``yaml.safe_dump`` uses), in C where PyYAML has it: saving the facts
# file at every edit must be quick.
SAFE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The plain values of a document whose items ``dump_yaml_reusing`` may take from its cache:
# exactly these types (not their subclasses), whose ``repr`` tells any two contents apart.
PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})
# Where each item of a block sequence at the left margin begins: "- " (or "-" and the line's
# end) at the start of a line.
_ITEM_START = re.compile(r"^-(?= |\n)", re.MULTILINE)
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


class YamlItemCache:
    """The YAML text of each list item of the last document dumped, by the item's content.

    Items are keyed by the ``repr`` of their value, never by the object: a record changed in
    place has another key, so its old text cannot be reused. Each dump keeps only the items it
    used, so the cache holds one document's worth of text at most.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._texts)


def dump_yaml_reusing(data: Any, cache: YamlItemCache) -> str:
    """``dump_yaml(data)`` to the byte, emitting again only the list items not in ``cache``.

    A save after an edit writes the whole facts file, but PyYAML's representer (Python, even
    with the C emitter) is most of a dump's time: here a record whose content is unchanged is
    not represented again. ``data`` is a mapping of lists (each item's text is the same alone
    as in the document: a sequence under a key at the left margin is written at the margin
    too) and of other values (written alone, key and value, as the document writes them).
    Anything this cannot vouch for is dumped whole: a value of another type than plain
    scalars, lists and dicts, an object met twice (the document would write an alias), a key
    that is not written as itself.
    """
    reused = None
    if type(data) is dict and data and _plain_tree(data):
        reused = _from_items(data, cache._texts)
    if reused is None:
        cache._texts = {}  # the last dump's items, no more: here, none
        return dump_yaml(data)
    text, cache._texts = reused
    return text


def _from_items(data: dict[Any, Any], known: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """The text of ``data`` made of its items' texts (``known``, or dumped now), with the
    texts it used; None if a key is not written as itself or the items' dump cannot be cut."""
    layout: list[str | list[str]] = []
    missing: dict[str, Any] = {}
    for key, value in data.items():
        if type(value) is not list:
            layout.append(dump_yaml({key: value}))
        elif not _written_as_itself(key):
            return None
        elif not value:
            layout.append(f"{key}: []\n")
        else:
            layout.append(f"{key}:\n")
            keys = [repr(item) for item in value]
            layout.append(keys)
            missing.update((k, item) for k, item in zip(keys, value, strict=True) if k not in known)
    made = _item_texts(missing) if missing else {}
    if len(made) != len(missing):
        return None
    used: dict[str, str] = {}
    parts: list[str] = []
    for part in layout:
        if isinstance(part, str):
            parts.append(part)
            continue
        for k in part:
            item = made[k] if k in made else known[k]
            used[k] = item
            parts.append(item)
    return "".join(parts), used


def _item_texts(items: dict[str, Any]) -> dict[str, str]:
    """Each item's text, by its key, from one dump of them all; empty if the dump cannot be
    cut exactly into one text per item (an item's line starting with "- ")."""
    text = dump_yaml(list(items.values()))
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    if len(starts) != len(items) or starts[0] != 0:
        return {}
    ends = [*starts[1:], len(text)]
    return {k: text[a:b] for k, a, b in zip(items, starts, ends, strict=True)}


@functools.lru_cache(maxsize=64, typed=True)
def _written_as_itself(key: object) -> bool:
    """Whether a key of the top mapping is written as it is, with a list under it at the left
    margin ("key:" then its items) and an empty list as "key: []"."""
    return (
        type(key) is str
        and dump_yaml({key: [0]}) == f"{key}:\n- 0\n"
        and dump_yaml({key: []}) == f"{key}: []\n"
    )


def _plain_tree(data: Any) -> bool:
    """Whether ``data`` holds only dicts, lists and plain scalars (``PLAIN_SCALARS``), keys
    plain too, and no dict or list twice (PyYAML would write an anchor and an alias, numbered
    across the whole document, which no item's text on its own can hold)."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind in PLAIN_SCALARS:
            continue
        if kind is not dict and kind is not list:
            return False
        if id(value) in seen:
            return False
        seen.add(id(value))
        if kind is dict:
            if not PLAIN_SCALARS.issuperset(map(type, value)):
                return False
            stack.extend(value.values())
        else:
            stack.extend(value)
    return True


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
