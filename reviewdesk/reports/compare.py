"""Two versions of the report compared, as one viewer may read them (docs/decisions/0055).

The comparison is of each version's outline (``ReportVersion.outline``) as the viewer may read
it: below Tier.ALL (the partners, the executive group) every open finding of the version's
publication check is replaced by its suggestion, then the viewer's redactor replaces every
identity they may not see. The two texts are compared after that, so no word the viewer may not
read reaches the comparison, and a name split across two changes cannot slip through.

The rows are written out as HTML here rather than in the template: a 20,000-word report is a few
hundred rows of a few dozen word runs each, which the template language would render many times
more slowly (docs/benchmarks.md).
"""

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from reviewdesk.lib.report_diff import (
    ADDED,
    CHANGED,
    DELETE,
    INSERT,
    PARAGRAPH_BREAK,
    REMOVED,
    SAME,
    Row,
    Summary,
    compare,
    summary,
)
from reviewdesk.reports import display
from reviewdesk.reports.models import DraftCheck, DraftFinding, ReportVersion
from reviewdesk.reviews.names import Names

Block = dict[str, Any]

# Runs of unchanged paragraphs at least this long are folded away behind "N paragraphs unchanged".
FOLD_AT = 2

ADDED_TEXT = Markup('<ins><span class="govuk-visually-hidden">added: </span>%s'
                    '<span class="govuk-visually-hidden"> (end of addition)</span></ins>')
REMOVED_TEXT = Markup('<del><span class="govuk-visually-hidden">removed: </span>%s'
                      '<span class="govuk-visually-hidden"> (end of removal)</span></del>')
BREAK = Markup('<span aria-hidden="true">¶</span>'
               '<span class="govuk-visually-hidden">paragraph break</span>')
TAGS = {
    CHANGED: Markup('<strong class="govuk-tag govuk-tag--blue">Changed</strong>'),
    ADDED: Markup('<strong class="govuk-tag govuk-tag--green">Added</strong>'),
    REMOVED: Markup('<strong class="govuk-tag govuk-tag--red">Removed</strong>'),
    SAME: Markup('<strong class="govuk-tag govuk-tag--grey">Unchanged</strong>'),
}


# --- What the viewer may read -------------------------------------------------------------------

def _finding_replacements(findings: Iterable[DraftFinding]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern for every open finding's text, longest first, whole words only."""
    label: dict[str, str] = {}
    for finding in findings:
        text = " ".join(finding.text.split())
        if len(text) >= 2:
            label.setdefault(text.casefold(), finding.suggestion
                             or f"[{display.category_label(finding.category).lower()}]")
    if not label:
        return None
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+")
                            for t in sorted(label, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE), label


def _replace_findings(text: str, pattern: re.Pattern[str], labels: dict[str, str]) -> str:
    return pattern.sub(lambda m: labels[" ".join(m.group(1).split()).casefold()], text)


def readable_outline(version: ReportVersion, findings: Sequence[DraftFinding],
                     names: Names) -> list[Block]:
    """The version's blocks with their text as this viewer may read it."""
    outline: list[Block] = list(version.outline or [])
    if display.sees_all(names):
        return outline
    found = _finding_replacements(findings)
    out = []
    for block in outline:
        text = str(block.get("text", ""))
        if found is not None:
            text = _replace_findings(text, *found)
        text = names.redact(text)
        label = str(block.get("label", ""))
        if block.get("kind") == "heading" and not block.get("number"):
            label = text[:80]  # a heading without a number is known by its words
        out.append({**block, "text": text, "label": names.redact(label), "section": ""})
    return out


# --- The rows as HTML ---------------------------------------------------------------------------

def _plain(text: str) -> Markup:
    """Text with its line breaks kept (a table's rows)."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def _op_text(text: str) -> Markup:
    if PARAGRAPH_BREAK in text:
        return Markup(BREAK + Markup("<br>")).join(_plain(part) for part in text.split(PARAGRAPH_BREAK))
    return _plain(text)


def words_html(row: Row) -> Markup:
    parts = []
    for op in row.words:
        if op.op == INSERT:
            parts.append(ADDED_TEXT % _op_text(op.text))
        elif op.op == DELETE:
            parts.append(REMOVED_TEXT % _op_text(op.text))
        else:
            parts.append(_op_text(op.text))
    return Markup("").join(parts)


def _text_html(block: Mapping[str, Any]) -> Markup:
    text = _plain(str(block.get("text", "")))
    if block.get("kind") == "heading":
        return Markup("<strong>%s</strong>") % text
    return text


def _label(row: Row) -> Markup:
    out = escape(row.label)
    if row.old_label:
        out += Markup(' <span class="rd-compare__was">(was %s)</span>') % row.old_label
    return out


def row_html(row: Row) -> Markup:
    """One row: its number, what happened to it and its text, word changes marked."""
    notes = []
    if row.moved:
        notes.append("Moved here" + (f" from {row.old['label']}" if row.old else ""))
    if row.joined == "split" and row.more is not None:
        notes.append(f"Split into {row.label} and {row.more['label']}")
    if row.joined == "merged" and row.more is not None and row.old is not None:
        notes.append(f"{row.old['label']} and {row.more['label']} merged")
    note = (Markup('<p class="govuk-body-s rd-compare__note">%s.</p>') % "; ".join(notes)
            if notes else Markup(""))
    if row.kind == CHANGED:
        body = words_html(row)
    elif row.kind == REMOVED and row.old is not None:
        body = REMOVED_TEXT % _text_html(row.old)
    elif row.kind == ADDED and row.new is not None:
        body = ADDED_TEXT % _text_html(row.new)
    else:
        body = _text_html(row.new or row.old or {})
    return Markup(
        '<div class="rd-compare__row rd-compare__row--{kind}">'
        '<h4 class="govuk-heading-s rd-compare__label">{label} {tag}</h4>{note}'
        '<p class="govuk-body rd-compare__text">{body}</p></div>').format(
        kind=row.kind, label=_label(row), tag=TAGS[row.kind], note=note, body=body)


@dataclasses.dataclass
class Part:
    """A changed, added or removed row, or a run of unchanged ones folded away."""

    html: Markup
    unchanged: int = 0  # how many unchanged rows are folded into this part
    first: str = ""  # the first and last of their numbers
    last: str = ""


def parts(rows: Sequence[Row]) -> list[Part]:
    out: list[Part] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) >= FOLD_AT:
            html = Markup("").join(
                Markup('<div class="rd-compare__row"><p class="govuk-body-s govuk-!-margin-bottom-1 '
                       'govuk-!-font-weight-bold">%s</p><p class="govuk-body">%s</p></div>')
                % (_label(r), _text_html(r.new or {})) for r in run)
            out.append(Part(html, len(run), run[0].label, run[-1].label))
        else:
            out.extend(Part(row_html(r)) for r in run)
        run.clear()

    for row in rows:
        if row.kind == SAME and not row.moved:
            run.append(row)
            continue
        flush()
        out.append(Part(row_html(row)))
    flush()
    return out


# --- Each version's publication check ----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class FindingLine:
    shown: str  # the text found, or its replacement for those who may not read it
    category: str
    where: str


@dataclasses.dataclass
class CheckSide:
    version: ReportVersion
    check: DraftCheck | None
    findings: list[FindingLine]

    @property
    def done(self) -> bool:
        return self.check is not None and self.check.status == DraftCheck.Status.DONE


def check_side(version: ReportVersion, findings: list[DraftFinding], names: Names) -> CheckSide:
    lines = [FindingLine(display.shown_text(f, names), display.category_label(f.category),
                         display.where(f)) for f in findings]
    return CheckSide(version, version.draft_check, lines)


def open_findings(version: ReportVersion) -> list[DraftFinding]:
    if version.draft_check is None or version.draft_check.status != DraftCheck.Status.DONE:
        return []
    return list(version.draft_check.findings.visible().select_related("entry")
                .order_by("start", "end"))


@dataclasses.dataclass
class Comparison:
    rows: list[Row]
    parts: list[Part]
    summary: Summary
    old: CheckSide
    new: CheckSide


def comparison(old: ReportVersion, new: ReportVersion, names: Names) -> Comparison:
    found_old, found_new = open_findings(old), open_findings(new)
    rows = compare(readable_outline(old, found_old, names), readable_outline(new, found_new, names))
    return Comparison(rows, parts(rows), summary(rows), check_side(old, found_old, names),
                      check_side(new, found_new, names))
