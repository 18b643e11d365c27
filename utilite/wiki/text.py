"""What the wiki reads in a page's text, without the database: links between pages
(`[[Title]]`, `[[Title|words shown]]`), actions (`- [ ] Who: what (by 15/12/2026)`), the
folded text search reads, a word-level comparison of two revisions and the three-way merge of
two people's edits (merge3)."""

from __future__ import annotations

import datetime
import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import merge3
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

LINK = re.compile(r"\[\[([^\[\]|\n]{1,150})(?:\|([^\[\]\n]{1,150}))?\]\]")
ACTION = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(.+?)\s*$")
DUE = re.compile(
    r"\s*\(?\s*(?:(?:pour|avant|d'ici|by)\s+le\s+|(?:pour|avant|by)\s+)?"
    r"(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*\)?\s*$",
    re.IGNORECASE,
)
WORD = re.compile(r"\s+|\w+|[^\w\s]")

_PARSER = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False}).disable("image")
TAGS = {
    "p", "br", "strong", "em", "s", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "a", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, without accents: « Réunion » and « reunion » read the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def page_slug(title: str) -> str:
    return slugify(title)[:160] or "page"


def links(text: str) -> list[str]:
    """The titles of the pages `text` links to, in order, once each."""
    seen: dict[str, str] = {}
    for match in LINK.finditer(text):
        title = " ".join(match.group(1).split())
        seen.setdefault(page_slug(title), title)
    return list(seen.values())


def render(text: str, link: Callable[[str, str], str]) -> SafeString:
    """Safe HTML of a page: Markdown (tables included, no raw HTML, no remote pictures), sanitised
    by nh3; then `[[links]]`, each made by `link(title, words)` (HTML it escapes itself), and
    the boxes of actions."""
    clean = nh3.clean(
        _PARSER.render(text or ""), tags=TAGS, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"}
    )
    parts = re.split(r"(<code>.*?</code>|<pre>.*?</pre>)", clean, flags=re.DOTALL)
    for index, part in enumerate(parts):
        if not part.startswith(("<code>", "<pre>")):
            part = LINK.sub(
                lambda m: link(html.unescape(m.group(1)).strip(), html.unescape(m.group(2) or m.group(1)).strip()),
                part,
            )
            part = part.replace("<li>[ ] ", '<li class="task"><span aria-hidden="true">☐</span> ')
            part = re.sub(r"<li>\[[xX]\] ", '<li class="task task--done"><span aria-hidden="true">☑</span> ', part)
            parts[index] = part
    return mark_safe("".join(parts))  # noqa: S308 (sanitised above; links escape their own parts)  # nosec B308 B703


@dataclass(frozen=True)
class WrittenAction:
    line: int
    done: bool
    who: str
    what: str
    due: datetime.date | None


def actions(text: str) -> Iterator[WrittenAction]:
    """Every box of a list, checked or not: « - [ ] Marie : envoyer le compte rendu (pour le 15/12/2026) »."""
    for number, line in enumerate(text.splitlines()):
        match = ACTION.match(line)
        if not match:
            continue
        content = match.group(2)
        due = None
        found = DUE.search(content)
        if found:
            day, month, year = (found.group(1), found.group(2), found.group(3))
            if year is None:
                year, month, day = found.group(4), found.group(5), found.group(6)
            try:
                due = datetime.date(int(year), int(month), int(day))
                content = content[: found.start()].rstrip(" ,\u2013\u2014-")
            except ValueError:
                due = None
        who, separator, what = content.partition(":")
        if not separator or len(who) > 60 or not what.strip():
            who, what = "", content
        yield WrittenAction(number, match.group(1) != " ", who.strip(), what.strip()[:500], due)


def tick(text: str, line: int) -> str:
    """`text` with the box of action `line` checked."""
    lines = text.split("\n")
    lines[line] = re.sub(r"\[ \]", "[x]", lines[line], count=1)
    return "\n".join(lines)


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed" or "added"
    text: str


def compare(old: str, new: str) -> list[Piece]:
    """What changed between two texts, word by word."""
    before, after = WORD.findall(old), WORD.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces


def as_html(pieces: list[Piece]) -> SafeString:
    """Removed words struck through (`<del>`), added words underlined (`<ins>`), lines kept."""
    tags = {"removed": "del", "added": "ins"}
    parts = [
        f"<{tags[piece.kind]}>{html.escape(piece.text)}</{tags[piece.kind]}>"
        if piece.kind in tags
        else html.escape(piece.text)
        for piece in pieces
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped)  # nosec B308 B703


def _lines(text: str) -> list[str]:
    return (text if text.endswith("\n") else text + "\n").splitlines(keepends=True)


def merge(base: str, theirs: str, mine: str) -> str | None:
    """Both edits of `base` in one text, or None when they touch the same lines."""
    merged: list[str] = []
    for group in merge3.Merge3(_lines(base), _lines(theirs), _lines(mine)).merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    result = "".join(merged)
    return result if mine.endswith("\n") else result.removesuffix("\n")
