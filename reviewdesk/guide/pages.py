"""The guide's pages: docs/guide/*.md, the same files the repository shows, rendered for the app.

Only the files in that folder are pages, found by name, so a request cannot name any other file.
Markdown's raw HTML is off: a page is text, headings, lists, tables and links, given the GOV.UK
Design System's classes. A link to another page of the guide (``rapid-review.md``) goes to that
page in the app; a link anywhere else in the repository (which the app does not serve) is shown as
its text only.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
INDEX = "index"
GLOSSARY = "glossary"
PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
GUIDE_LINK = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)\.md")

CLASSES = {
    "h1": "govuk-heading-l", "h2": "govuk-heading-m", "h3": "govuk-heading-s",
    "h4": "govuk-heading-s", "p": "govuk-body", "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number", "table": "govuk-table", "thead": "govuk-table__head",
    "tbody": "govuk-table__body", "tr": "govuk-table__row", "th": "govuk-table__header",
    "td": "govuk-table__cell", "a": "govuk-link",
}


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    html: str


def page_names() -> list[str]:
    return sorted(p.stem for p in GUIDE_DIR.glob("*.md") if PAGE_NAME.fullmatch(p.stem))


def page_url(name: str) -> str:
    return reverse("guide:index") if name == INDEX else reverse("guide:page", args=[name])


def load(name: str) -> Page | None:
    """The page called ``name``, or None if the guide has no such page."""
    if not PAGE_NAME.fullmatch(name) or name not in page_names():
        return None
    text = (GUIDE_DIR / f"{name}.md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    title = name
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            title = tokens[i + 1].content
            break
    _style(tokens)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return Page(name, title, md.renderer.render(tokens, md.options, {}))


def anchors(name: str) -> list[str]:
    """The ids of a page's headings (``/help/glossary/#chronology``), in page order."""
    found = load(name)
    return re.findall(r'<h[1-6][^>]* id="([^"]+)"', found.html) if found else []


def _style(tokens: list[Token]) -> None:
    names = set(page_names())
    used: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag != "h1":
            # Each heading can be linked to: the glossary's terms from the pages that use them.
            anchor = base = slugify(tokens[i + 1].content) or "section"
            n = 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            used.add(anchor)
            token.attrSet("id", anchor)
        if token.children:
            token.children = _links(token.children, names)
        if token.nesting == 1 and token.tag in CLASSES:
            token.attrSet("class", CLASSES[token.tag])
        if token.type == "fence":
            token.info = ""


def _links(children: list[Token], names: set[str]) -> list[Token]:
    """Guide links point at the app's pages; any other link becomes its text."""
    kept: list[Token] = []
    in_dropped_link = False
    for token in children:
        if token.type == "link_open":
            target, _hash, fragment = str(token.attrGet("href") or "").partition("#")
            match = GUIDE_LINK.fullmatch(target)
            if match and match.group(1) in names:
                token.attrSet("href", page_url(match.group(1)) + (f"#{fragment}" if fragment
                                                                  else ""))
                token.attrSet("class", CLASSES["a"])
            else:
                in_dropped_link = True
                continue
        elif token.type == "link_close" and in_dropped_link:
            in_dropped_link = False
            continue
        kept.append(token)
    return kept


def _table_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    # A wide table scrolls sideways on its own rather than making the page scroll; the region is
    # named by its number and its columns, so that no two on a page share a name.
    env["tables"] = env.get("tables", 0) + 1
    columns = []
    for token in tokens[idx + 1:]:
        if token.type == "thead_close":
            break
        if token.type == "inline":
            columns.append(token.content)
    label = escapeHtml(f"Table {env['tables']}: {', '.join(columns)}")
    opening: str = self.renderToken(tokens, idx, options, env)
    return f'<div class="rd-scroll-x" role="region" aria-label="{label}" tabindex="0">' + opening


def _table_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    closing: str = self.renderToken(tokens, idx, options, env)
    return closing + "</div>"
