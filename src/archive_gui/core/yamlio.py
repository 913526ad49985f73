"""Reading YAML safely, with the line of any problem.

Only PyYAML's safe loader is used (what ``yaml.safe_load`` uses), in its C build (LibYAML)
where PyYAML has it: the facts file parses about ten times faster, which the window's start
needs. Nothing here can build arbitrary Python objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The safe dumper (what ``yaml.safe_dump`` uses), in C where PyYAML has it: saving the facts
# file at every edit must be quick.
SAFE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class YamlProblem(ValueError):
    """Malformed YAML; ``line`` is 1-based within the text given, or None."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` that reports the line of a syntax error or of an impossible date."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(line, str(exc.problem or exc.context or "malformed YAML")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(None, str(exc)) from None
    except ValueError as exc:
        # The safe constructor rejects a date such as 2015-13-45 without saying where.
        raise YamlProblem(_first_impossible_date(text), f"bad date: {exc}") from None


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML's node tree, with the position of every node; builds no Python objects."""
    return yaml.compose(text, Loader=SAFE_LOADER)


def _first_impossible_date(text: str) -> int | None:
    root = compose_yaml(text)
    if root is None:
        return None
    for node in _scalars(root):
        if node.tag == TIMESTAMP_TAG:
            try:
                dt.date.fromisoformat(node.value[:10])
            except ValueError:
                return int(node.start_mark.line) + 1
    return None
