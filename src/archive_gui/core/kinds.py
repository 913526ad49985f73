"""The kinds of record, declared once: how each is named, filed, shown and made.

The facts file's sections, the fact panel's tabs and their Ctrl+1…5 shortcuts, the legend's
colours, the "New … from Selection" shortcuts and the review queue's counts all come from
``KINDS``; adding a kind is adding a line here (and its record class in ``facts``).
"""

from __future__ import annotations

from dataclasses import dataclass

Rgba = tuple[int, int, int, int]


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str  # the records' KIND ("company"); also how queries and the file's keys name it
    section: str  # its section in the facts file ("companies")
    title: str  # one record, in menus and the legend ("Company")
    plural_title: str  # its tab ("Companies")
    plural: str  # in a sentence: "3 companies"
    # The fact kinds' own (shown in a tab, tinted in the reader, made from a selection):
    tab: int = 0  # its place among the tabs, from 1 (Ctrl+1); 0 for no tab
    colour: Rgba | None = None  # its passages' tint: translucent, to read on light and dark
    new_shortcut: str = ""  # "New … from Selection"

    @property
    def is_fact(self) -> bool:
        return self.tab > 0


# In the facts file's order.
KINDS: tuple[Kind, ...] = (
    Kind("company", "companies", "Company", "Companies", "companies",
         1, (66, 133, 244, 45), "Ctrl+Shift+C"),
    Kind("person", "people", "Person", "People", "people", 3, (52, 168, 83, 50), "Ctrl+Shift+P"),
    Kind("deal", "deals", "Deal", "Deals", "deals", 2, (251, 140, 0, 55), "Ctrl+Shift+D"),
    Kind("figure", "figures", "Figure", "Figures", "figures",
         4, (156, 39, 176, 40), "Ctrl+Shift+G"),
    Kind("event", "events", "Event", "Events", "events", 5, (0, 150, 136, 45), "Ctrl+Shift+E"),
    Kind("article_note", "article_notes", "Article note", "Article notes", "article notes"),
    Kind("rejection", "rejections", "Rejection", "Rejections", "rejections"),
)  # fmt: skip
KIND = {kind.name: kind for kind in KINDS}
# The kinds a person reads as facts, in the file's order.
FACT_KINDS = tuple(kind.name for kind in KINDS if kind.is_fact)
# The same, in the order of their tabs.
TAB_KINDS = tuple(sorted((k for k in KINDS if k.is_fact), key=lambda k: k.tab))
# The YAML section of each kind.
SECTIONS = {kind.name: kind.section for kind in KINDS}


def kind_title(name: str) -> str:
    """The title of the kind called ``name``, or the name itself if it is unknown."""
    kind = KIND.get(name)
    return kind.title if kind else name.replace("_", " ")
