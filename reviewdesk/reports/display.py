"""A check's findings as one viewer may see them.

Who may read a finding is decided per finding: one that matched a register entry by that entry's
tier (``Names.may_see``: staff identities need Tier.ALL, family identities Tier.FAMILY); one the
register does not know (a neighbour, a phone number) only by those who may see every identity.
Anyone else sees its category and the suggested pseudonym or label, and its paragraph with every
finding replaced by its suggestion and the rest passed through ``Names.redact``.
"""

import dataclasses
import re
from typing import Any

from markupsafe import Markup, escape

from reviewdesk.access import Tier
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm
from reviewdesk.reviews.names import Names
from reviewdesk.scanner.documents import PARTS

# category -> (one of them, the group's heading)
CATEGORIES = {
    "person": ("A person's name", "Names of people not in the register"),
    "address": ("An address", "Addresses"),
    "postcode": ("A postcode", "Postcodes"),
    "organisation": ("An organisation", "Schools, surgeries and other organisations"),
    "date_of_birth": ("A date of birth", "Dates of birth"),
    "nhs_number": ("An NHS number", "NHS numbers"),
    "ni_number": ("A National Insurance number", "National Insurance numbers"),
    "phone": ("A phone number", "Phone numbers"),
    "email": ("An e-mail address", "E-mail addresses"),
    "vehicle_registration": ("A vehicle registration", "Vehicle registrations"),
    "vehicle": ("A vehicle registration", "Vehicle registrations"),
}
# How a register entry was matched (the matcher's reason says "register: NAME (how)").
HOW = {
    "full": "full name", "alias": "another name or nickname", "first": "first name",
    "surname": "surname", "initial_surname": "initial and surname", "initials": "initials",
    "hyphen_part": "part of a hyphenated name", "line_break": "name split across a line break",
    "dob": "date of birth", "age_birthday": "birthday", "street": "street name",
    "short": "short form of the name", "email": "e-mail address", "nhs": "NHS number",
    "phone": "phone number", "postcode": "postcode", "identifier": "identifier",
}
REASON = re.compile(r"^register: .* \((?P<how>[^()]*)\)$")
# The highlight, told to screen readers too (a <mark> alone is not announced).
MARKED = Markup('<mark><span class="govuk-visually-hidden">Start of finding: </span>%s'
                '<span class="govuk-visually-hidden"> (end of finding)</span></mark>')
# Paragraphs longer than this are cut to a window around the finding (characters each side).
LONG_PARAGRAPH = 900
WINDOW = 300


def category_label(category: str) -> str:
    return CATEGORIES.get(category, (category.replace("_", " ").capitalize(), ""))[0]


def category_heading(category: str) -> str:
    return CATEGORIES.get(category, ("", "Other " + category.replace("_", " ") + "s"))[1]


def may_see(names: Names, finding: DraftFinding | FalseAlarm) -> bool:
    if finding.entry is not None:
        return names.may_see(finding.entry)
    return names.tier >= Tier.ALL


@dataclasses.dataclass
class FindingView:
    finding: DraftFinding
    in_full: bool
    shown: str  # the text, or its suggestion for those who may not read it
    category: str
    suggestion: str
    reason: str
    where: str  # "Body text, Paragraph 12"
    context: Markup


@dataclasses.dataclass
class Group:
    key: str
    heading: str
    registered: bool
    findings: list[FindingView] = dataclasses.field(default_factory=list)


def reason_text(finding: DraftFinding, names: Names, in_full: bool) -> str:
    """Why it was raised, in words, naming the register entry only as this viewer may see it."""
    if finding.source == DraftFinding.Source.REGISTER:
        match = REASON.match(finding.reason)
        how = match.group("how") if match else ""
        if how.startswith("typo of "):
            words = "a likely misspelling" + (f" of {how[8:]}" if in_full else "")
        else:
            words = HOW.get(how, how.replace("_", " ") or "a form of it")
        if finding.entry is None:
            return f"Matched an entry since removed from the identity register ({words})"
        who = names.entry_with_label(finding.entry) if in_full else finding.entry.pseudonym
        return f"Matches {who} in the identity register: {words}"
    if in_full:
        return finding.reason
    how = "the language model" if finding.source == DraftFinding.Source.MODEL else "a pattern"
    return f"{category_label(finding.category)} not in the identity register, found by {how}"


def where(finding: DraftFinding) -> str:
    part = PARTS.get(finding.part, finding.part.replace("_", " ").capitalize())
    return f"{part}, {finding.segment_label}" if finding.segment_label else part


def shown_text(finding: DraftFinding, names: Names) -> str:
    if may_see(names, finding):
        return finding.text
    return finding.suggestion or category_label(finding.category)


def context(text: str, finding: DraftFinding, neighbours: list[DraftFinding],
            names: Names) -> Markup:
    """The finding's paragraph, the finding itself in <mark>: every other finding as this viewer
    may see it, and the text between passed through the register (Names.redact)."""
    lo, hi = finding.paragraph_start, finding.paragraph_end
    if hi - lo > LONG_PARAGRAPH:
        lo, hi = max(lo, finding.start - WINDOW), min(hi, finding.end + WINDOW)
    for other in neighbours:  # never cut through a finding at the window's edges
        if other.start < lo < other.end:
            lo = other.start
        if other.start < hi < other.end:
            hi = other.end
    pieces = [Markup("&hellip;")] if lo > finding.paragraph_start else []
    pos = lo
    for other in neighbours:
        if other.end <= lo or other.start >= hi or other.start < pos:
            continue
        pieces.append(escape(names.redact(text[pos:other.start])))
        shown = escape(shown_text(other, names))
        pieces.append(MARKED % shown if other.pk == finding.pk else shown)
        pos = other.end
    pieces.append(escape(names.redact(text[pos:hi])))
    if hi < finding.paragraph_end:
        pieces.append(Markup("&hellip;"))
    return Markup("").join(pieces)


def findings_for(check: DraftCheck, names: Names) -> list[DraftFinding]:
    """The check's findings not hidden by a false alarm (two queries however many)."""
    return list(check.findings.visible().select_related("entry").order_by("start", "end"))


def groups(check: DraftCheck, findings: list[DraftFinding], names: Names) -> list[Group]:
    """By person or thing in the register (as this viewer may name it), then by kind for what
    the register does not hold; each group in order of first appearance."""
    by_paragraph: dict[int, list[DraftFinding]] = {}
    for f in findings:
        by_paragraph.setdefault(f.paragraph_start, []).append(f)
    out: dict[str, Group] = {}
    for f in findings:
        if f.entry is not None:
            key = f"entry-{f.entry_id}"
            heading = names.entry_with_label(f.entry)  # the pseudonym for those who may not see it
            group = out.setdefault(key, Group(key, heading, True))
        else:
            key = f"kind-{f.category}"
            group = out.setdefault(key, Group(key, category_heading(f.category), False))
        group.findings.append(finding_view(check.text, f, by_paragraph[f.paragraph_start],
                                           names))
    return sorted(out.values(), key=lambda g: not g.registered)


def finding_view(text: str, finding: DraftFinding, neighbours: list[DraftFinding],
                 names: Names) -> FindingView:
    """One finding as this viewer may read it; ``neighbours`` are the visible findings in its
    paragraph (itself included), in order."""
    in_full = may_see(names, finding)
    return FindingView(
        finding=finding, in_full=in_full, shown=shown_text(finding, names),
        category=category_label(finding.category),
        suggestion=finding.suggestion or category_label(finding.category),
        reason=reason_text(finding, names, in_full), where=where(finding),
        context=context(text, finding, neighbours, names))


@dataclasses.dataclass
class AlarmView:
    alarm: FalseAlarm
    shown: str
    category: str


def false_alarms(check: DraftCheck, names: Names) -> list[AlarmView]:
    alarms = FalseAlarm.objects.active().filter(review_id=check.review_id).select_related(
        "entry", "marked_by")
    out = []
    for alarm in alarms:
        shown = alarm.text if may_see(names, alarm) else (
            alarm.entry.pseudonym if alarm.entry is not None else "Not shown")
        out.append(AlarmView(alarm, shown, category_label(alarm.category)))
    return out


def page(check: DraftCheck, names: Names) -> dict[str, Any]:
    """Everything the check's page shows once the scan is done."""
    findings = findings_for(check, names)
    found = groups(check, findings, names)
    return {"groups": found, "total": len(findings),
            "false_alarms": false_alarms(check, names),
            "sees_all": names.tier >= Tier.ALL}
