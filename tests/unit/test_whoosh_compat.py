"""The Whoosh internals the search engine relies on all exist, and are reached through
``whoosh_compat`` only: an upgrade of Python or of whoosh-reloaded that drops or renames one
fails here, naming it, rather than somewhere in a search.

The objects checked are made by Whoosh's own writer and codec on a RamStorage index, so that
the check does not depend on the project's codec working.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest
from whoosh import fields as wf
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import SegmentWriter

import archive_gui.core
from archive_gui.core.search import whoosh_compat
from archive_gui.core.search.whoosh_compat import PRIVATE_NAMES, REEXPORTED, PrivateName

CORE = Path(archive_gui.core.__file__).parent
COMPAT = Path(whoosh_compat.__file__)
# Whoosh's documented modules, which the other core modules may import directly.
DOCUMENTED = {
    "whoosh.analysis",
    "whoosh.fields",
    "whoosh.index",
    "whoosh.lang",
    "whoosh.qparser",
    "whoosh.query",
    "whoosh.searching",
    "whoosh.writing",
}


@pytest.fixture(scope="module")
def owners() -> dict[str, Any]:
    """An object for each owner that ``PRIVATE_NAMES`` names."""
    storage = RamStorage()
    ix = storage.create_index(wf.Schema(id=wf.ID(stored=True), body=wf.TEXT))
    writer = ix.writer()
    for n, text in enumerate(["alpha beta", "alpha gamma", "alpha delta"]):
        writer.add_document(id=str(n), body=text)
    writer.commit()
    reader = ix.reader()
    codec = whoosh3.W3Codec()
    postings_writer = codec.postings_writer(storage.create_file("check.pst"))
    postings_writer.start_postings(reader.schema["body"].format, whoosh3.W3TermInfo())
    perdoc = reader._perdoc
    return {
        "whoosh.codec.whoosh3": whoosh3,
        "W3Codec": codec,
        "W3PostingsWriter": postings_writer,
        # Three documents: more than the W3 codec inlines, so a leaf matcher reads blocks.
        "W3LeafMatcher": reader.postings("body", "alpha"),
        "W3FieldWriter": codec.field_writer(storage, codec.new_segment(storage, "CHECK")),
        "SegmentReader": reader,
        "W3PerDocReader": perdoc,
        "NumericColumn.Reader": perdoc._cached_reader(
            whoosh3._lenfield("body"), whoosh3.LENGTHS_COLUMN
        ),
        "FileIndex": ix,
        "SegmentWriter": SegmentWriter,
        "PatternQuery": wq.Prefix("body", "al"),
    }


def has_kind(owner: Any, name: str, kind: str) -> bool:
    if kind == "keyword":
        return name in inspect.signature(owner).parameters
    if not hasattr(owner, name):
        return False
    value = getattr(owner, name)
    if kind == "class":
        return inspect.isclass(value)
    if kind == "function":  # a function, or a builtin that works as one
        return callable(value) and not inspect.isclass(value)
    if kind == "method":
        return callable(value)
    return not callable(value)  # an attribute or a constant


@pytest.mark.parametrize("private", PRIVATE_NAMES, ids=lambda p: f"{p.owner}.{p.name}")
def test_each_private_name_exists(owners: dict[str, Any], private: PrivateName) -> None:
    owner = owners[private.owner]
    assert has_kind(owner, private.name, private.kind), (
        f"whoosh-reloaded's {private.owner} has no {private.kind} {private.name} any more: "
        "adapt core/search/whoosh_compat.py (see docs/search-engine.md)"
    )


def test_the_owners_are_the_classes_the_codec_extends(owners: dict[str, Any]) -> None:
    assert isinstance(owners["W3LeafMatcher"], whoosh3.W3LeafMatcher)
    assert isinstance(owners["W3PostingsWriter"], whoosh3.W3PostingsWriter)
    assert isinstance(owners["W3FieldWriter"], whoosh3.W3FieldWriter)
    assert isinstance(owners["W3PerDocReader"], whoosh3.W3PerDocReader)
    assert isinstance(owners["PatternQuery"], wq.PatternQuery)


@pytest.mark.parametrize("public", REEXPORTED, ids=lambda p: f"{p.owner}.{p.name}")
def test_each_reexported_name_exists_and_is_whooshs(public: PrivateName) -> None:
    module = importlib.import_module(public.owner)
    assert has_kind(module, public.name, public.kind), f"{public.owner} has no {public.name}"
    assert getattr(whoosh_compat, public.name) is getattr(module, public.name)


def private_names_used(tree: ast.AST) -> set[str]:
    """The ``_name`` attributes, keywords and strings a module uses, and the ``_name`` methods
    its classes override (dunders aside)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names += [f.name for f in node.body if isinstance(f, ast.FunctionDef)]
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            names.append(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.append(node.value)
    return {n for n in names if n.startswith("_") and n.isidentifier() and not n.startswith("__")}


def test_the_table_lists_every_private_name_the_module_uses() -> None:
    used = private_names_used(ast.parse(COMPAT.read_text(encoding="utf-8")))
    assert used == {p.name for p in PRIVATE_NAMES}


def core_modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if p != COMPAT)


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_no_other_core_module_reaches_whoosh_internals(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = {p.name for p in PRIVATE_NAMES}
    reexported = {p.name for p in REEXPORTED}
    imports_whoosh = False
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            if node.module.startswith("whoosh"):
                assert not {a.name for a in node.names} & reexported, ast.unparse(node)
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        for module in modules:
            if module == "whoosh" or module.startswith("whoosh."):
                imports_whoosh = True
                assert module in DOCUMENTED | {"whoosh"}, f"{path.name} imports {module}"
            imports_whoosh |= module == "archive_gui.core.search.whoosh_compat"
        if isinstance(node, ast.Attribute):
            assert node.attr not in private, f"{path.name}:{node.lineno} {ast.unparse(node)}"
    if imports_whoosh:
        # A module that works with Whoosh's objects reads private names of its own only.
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                owner = node.value
                own = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
                assert own or node.attr.startswith("__"), (
                    f"{path.name}:{node.lineno} {ast.unparse(node)}"
                )
            if isinstance(node, ast.keyword) and node.arg:
                assert not node.arg.startswith("_"), f"{path.name}:{node.lineno} {node.arg}"
