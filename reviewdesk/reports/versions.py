"""A version of the report as one reader may see it (docs/decisions/0054).

Those who get the files (Tier.ALL: the business manager, the lead reviewer, the subgroup members)
read the version's text as written. Everyone else allowed to read it (the partners and, from the
subgroup's sign-off, the executive group) reads it through their redactor: every identity in the
register they may not see replaced in every form the register matcher finds, and, before that,
every open finding of the version's check they may not read replaced by its suggestion (a name
the register does not hold, found by the check, is shown to no one below Tier.ALL).

Findings carried forward: a version's open findings against the previous version's, by their
normalised text and category (two queries). False alarms are kept per review, so one marked on
an earlier version hides its like on every later one already.
"""

import dataclasses
import re

from reviewdesk.reports import display
from reviewdesk.reports.models import DraftFinding, ReportVersion
from reviewdesk.reviews.names import Names

Key = tuple[str, str]


@dataclasses.dataclass
class BlockView:
    kind: str
    level: int
    label: str
    text: str


def _unseen_findings(findings: list[DraftFinding], names: Names) -> dict[str, str]:
    """Text -> what this reader sees instead, for each open finding they may not read."""
    out: dict[str, str] = {}
    for f in findings:
        if f.entry is not None and names.may_see(f.entry):
            continue
        out.setdefault(f.text, f.suggestion or display.category_label(f.category))
    return out


def _replace(text: str, swaps: dict[str, str]) -> str:
    if not swaps:
        return text
    # Longest first, whole words only: "Dee" never bites into "Deep".
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)"
                                  for t in sorted(swaps, key=len, reverse=True)))
    return pattern.sub(lambda m: swaps[m.group(0)], text)


def blocks(version: ReportVersion, names: Names, findings: list[DraftFinding]) -> list[BlockView]:
    """The version's outline as this reader may read it (``findings``: its open findings)."""
    if display.sees_all(names):
        return [BlockView(b["kind"], b["level"], b["label"], b["text"]) for b in version.outline]
    swaps = _unseen_findings(findings, names)
    return [BlockView(b["kind"], b["level"], b["label"],
                      names.redact(_replace(b["text"], swaps))) for b in version.outline]


def open_findings(version: ReportVersion) -> list[DraftFinding]:
    if version.draft_check_id is None:
        return []
    return list(DraftFinding.objects.visible().filter(draft_check_id=version.draft_check_id)
                .select_related("entry").defer("reason").order_by("start", "end"))


@dataclasses.dataclass
class Carried:
    category: str
    shown: str
    count: int


@dataclasses.dataclass
class CarriedForward:
    previous: ReportVersion | None
    new: list[Carried]
    still_there: list[Carried]
    gone: int  # open on the previous version, not found on this one


def _by_key(findings: list[DraftFinding], names: Names) -> dict[Key, Carried]:
    out: dict[Key, Carried] = {}
    for f in findings:
        key = (f.normalised, f.category)
        if key in out:
            out[key].count += 1
        else:
            out[key] = Carried(display.category_label(f.category),
                               display.shown_text(f, names), 1)
    return out


def carried_forward(version: ReportVersion, findings: list[DraftFinding],
                    names: Names) -> CarriedForward:
    """Which of the version's open findings are new since the previous version and which were
    already there (by normalised text and category)."""
    previous = (ReportVersion.objects.filter(review_id=version.review_id,
                                             number__lt=version.number)
                .select_related("draft_check").defer("outline", "draft_check__text",
                                                     "draft_check__segments")
                .order_by("-number").first())
    now = _by_key(findings, names)
    if previous is None:
        return CarriedForward(None, list(now.values()), [], 0)
    before = set(DraftFinding.objects.visible().filter(draft_check_id=previous.draft_check_id)
                 .values_list("normalised", "category").distinct())
    return CarriedForward(
        previous,
        new=[c for key, c in now.items() if key not in before],
        still_there=[c for key, c in now.items() if key in before],
        gone=len(before - set(now)))
