"""A check's findings as one viewer may see them.

Only those who may see every identity (Tier.ALL) read a finding's text, its paragraph and why it
was raised. Anyone else sees where it is (part and label), its category and the suggested
replacement, and no text of the draft at all: the text around a finding can hold what the scanner
missed (a surname in lower case, a name nobody registered, a finding marked as a false alarm),
which no redaction of known names would catch.
"""

import dataclasses
import re
from typing import Any

from markupsafe import Markup, escape

from reviewdesk import access
from reviewdesk.lib.scanner.documents import PARTS
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm
from reviewdesk.reviews.names import Names

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
    "street_address": "house number and street", "born_month_year": "month and year of birth",
}
# The matcher's reason for a surname several people in the register share.
SHARED = "shared surname"
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


def sees_all(names: Names) -> bool:
    """Whether this viewer reads the draft's text: findings, paragraphs and reasons."""
    return access.sees_staff_identities(names.tier)


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


def is_shared_surname(finding: DraftFinding) -> bool:
    return finding.source == DraftFinding.Source.REGISTER and (
        finding.reason.endswith(f"({SHARED})") or finding.reason.endswith(f", a {SHARED})"))


def reason_text(finding: DraftFinding, names: Names) -> str:
    """Why it was raised, in words: for those who may see every identity only."""
    if finding.source != DraftFinding.Source.REGISTER:
        return finding.reason
    match = REASON.match(finding.reason)
    how = match.group("how") if match else ""
    if is_shared_surname(finding):
        *others, last = finding.reason.removeprefix("register: ").rsplit(" (", 1)[0].split(" / ")
        who = f"{', '.join(others)} and {last}" if others else last
        typo = ", here misspelt" if how.startswith("typo of ") else ""
        return (f"A surname {who} share in the identity register{typo}: it does not say which "
                "of them is meant")
    if how.startswith("typo of "):
        words = f"a likely misspelling of {how[8:]}"
    else:
        words = HOW.get(how, how.replace("_", " ") or "a form of it")
    if finding.entry is None:
        return f"Matched an entry since removed from the identity register ({words})"
    return f"Matches {names.entry_with_label(finding.entry)} in the identity register: {words}"


def where(finding: DraftFinding) -> str:
    part = PARTS.get(finding.part, finding.part.replace("_", " ").capitalize())
    return f"{part}, {finding.segment_label}" if finding.segment_label else part


def shown_text(finding: DraftFinding, names: Names) -> str:
    if sees_all(names):
        return finding.text
    return finding.suggestion or category_label(finding.category)


def _window(text: str, finding: DraftFinding) -> tuple[int, int]:
    """Where to cut a long paragraph around a finding: about WINDOW characters each side, at the
    nearest space inside that, so no word is shown cut in half."""
    lo, hi = finding.paragraph_start, finding.paragraph_end
    if hi - lo <= LONG_PARAGRAPH:
        return lo, hi
    if finding.start - WINDOW > lo:
        space = re.search(r"\s", text[finding.start - WINDOW:finding.start])
        lo = finding.start - WINDOW + space.end() if space else finding.start
    if finding.end + WINDOW < hi:
        spaces = list(re.finditer(r"\s", text[finding.end:finding.end + WINDOW]))
        hi = finding.end + spaces[-1].start() if spaces else finding.end
    return lo, hi


def context(text: str, finding: DraftFinding, neighbours: list[DraftFinding]) -> Markup:
    """The finding's paragraph with the finding in <mark>, for those who may see every identity
    (no one else is shown any of the draft's text)."""
    lo, hi = _window(text, finding)
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
        pieces.append(escape(text[pos:other.start]))
        pieces.append(MARKED % other.text if other.pk == finding.pk else escape(other.text))
        pos = other.end
    pieces.append(escape(text[pos:hi]))
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
        if is_shared_surname(f):
            key = "shared-surnames"
            group = out.setdefault(key, Group(key, "Surnames several people in the register share",
                                              True))
        elif f.entry is not None:
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
    paragraph (itself included), in order. Below Tier.ALL: where, what kind and the replacement
    only."""
    in_full = sees_all(names)
    return FindingView(
        finding=finding, in_full=in_full, shown=shown_text(finding, names),
        category=category_label(finding.category),
        suggestion=finding.suggestion or category_label(finding.category),
        reason=reason_text(finding, names) if in_full else "", where=where(finding),
        context=context(text, finding, neighbours) if in_full else Markup(""))


@dataclasses.dataclass
class AlarmView:
    alarm: FalseAlarm
    shown: str
    category: str
    reason: str  # empty for those who may not see every identity: people type names into it


def false_alarms(check: DraftCheck, names: Names) -> list[AlarmView]:
    alarms = FalseAlarm.objects.active().filter(review_id=check.review_id).select_related(
        "entry", "marked_by")
    out = []
    for alarm in alarms:
        if sees_all(names):
            shown, reason = alarm.text, alarm.reason
        else:
            shown, reason = (alarm.entry.pseudonym if alarm.entry is not None else "Not shown"), ""
        out.append(AlarmView(alarm, shown, category_label(alarm.category), reason))
    return out


def page(check: DraftCheck, names: Names) -> dict[str, Any]:
    """Everything the check's page shows once the scan is done."""
    findings = findings_for(check, names)
    found = groups(check, findings, names)
    return {"groups": found, "total": len(findings),
            "false_alarms": false_alarms(check, names),
            "sees_all": sees_all(names)}
