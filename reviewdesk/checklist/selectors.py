"""Reading a version's checklist: its items with their acceptances, worked out again first when
stale (the partnership's lists or agencies changed since), the publication check's item always
as it stands now (a finding marked as a false alarm counts at once). And, for the sign-off,
``blocking_items(version)``: what stands in its way.
"""

import dataclasses
from typing import Any

from reviewdesk.checklist import actions
from reviewdesk.reports.models import (
    ChecklistAcceptance,
    ChecklistResult,
    DraftCheck,
    DraftFinding,
    ReportVersion,
)

NOT_WORKED_OUT = "not_worked_out"
CHECK_NOT_FINISHED = "check_not_finished"


@dataclasses.dataclass
class Item:
    key: str
    title: str
    passed: bool
    how: str
    summary: str
    details: list[dict[str, Any]]
    extra: dict[str, Any]
    acceptance: ChecklistAcceptance | None = None
    # Why it cannot be judged yet ("not_worked_out", "check_not_finished"), or "".
    pending: str = ""

    @property
    def accepted(self) -> bool:
        return self.acceptance is not None

    @property
    def blocks_sign_off(self) -> bool:
        return not self.passed and not self.accepted

    @property
    def status(self) -> str:
        if self.passed:
            return "Passed"
        if self.pending:
            return "Not yet checked"
        return "Accepted as it is" if self.accepted else "Not passed"


def findings_item(version: ReportVersion) -> dict[str, Any]:
    """No identifying details left open, from the version's publication check as it is now."""
    check = (DraftCheck.objects.filter(pk=version.draft_check_id).only("pk", "status", "number")
             .first() if version.draft_check_id is not None else None)
    how = ("The version's publication check: every identifying detail it found must be "
           "replaced in the report, or marked as a false alarm with a reason.")
    base = {"key": "findings", "title": actions.ITEMS["findings"], "how": how, "details": []}
    if check is None or check.status in {DraftCheck.Status.QUEUED, DraftCheck.Status.RUNNING}:
        return base | {"passed": False, "pending": CHECK_NOT_FINISHED,
                       "summary": "Not yet checked: the publication check is still running."}
    if check.status == DraftCheck.Status.FAILED:
        return base | {"passed": False, "summary": "The publication check could not be "
                       "finished. Retry it from the publication check's page.",
                       "check": check.number}
    open_findings = DraftFinding.objects.visible().filter(draft_check=check).count()
    summary = ("No identifying details are left open." if not open_findings else
               f"{open_findings:,} identifying "
               f"{'detail is' if open_findings == 1 else 'details are'} left open.")
    return base | {"passed": not open_findings, "summary": summary, "check": check.number,
                   "open": open_findings}


def result_for(version: ReportVersion) -> ChecklistResult:
    """The version's stored result, worked out now if there is none or it is stale."""
    result = ChecklistResult.objects.filter(version=version).first()
    if result is None or result.inputs != actions.inputs_of(
            actions.lists_for(version.review.partnership_id)):
        result = actions.work_out(version)
    return result


def items_for(version: ReportVersion, *, work_out: bool = True) -> list[Item]:
    """Every item in the page's order, with its acceptance. ``work_out=False`` does no measuring:
    a version whose checklist is not stored yet (or is stale) has its measured items pending."""
    result = ChecklistResult.objects.filter(version=version).first()
    if work_out:
        result = result_for(version)
    elif result is not None and result.inputs != actions.inputs_of(
            actions.lists_for(version.review.partnership_id)):
        result = None
    stored = {i["key"]: i for i in (result.items if result else [])}
    stored["findings"] = findings_item(version)
    acceptances = {a.item: a for a in ChecklistAcceptance.objects.filter(
        version=version, withdrawn_at__isnull=True).select_related("recorded_by", "on_behalf_of")}
    out = []
    for key, title in actions.ITEMS.items():
        raw = stored.get(key)
        if raw is None:
            out.append(Item(key, title, False, "", "Not yet worked out.", [], {},
                            acceptances.get(key), NOT_WORKED_OUT))
            continue
        extra = {k: v for k, v in raw.items()
                 if k not in {"key", "title", "passed", "how", "summary", "details", "pending"}}
        out.append(Item(key, raw["title"], bool(raw["passed"]), raw["how"], raw["summary"],
                        raw["details"], extra, acceptances.get(key), raw.get("pending", "")))
    return out


def blocking_items(version: ReportVersion) -> list[Item]:
    """The checklist items that stand in the way of signing this version off: those not passed
    and not accepted by the business manager, including those not yet worked out and the
    publication check's while it runs. Empty when the version may be signed off as far as the
    checklist goes. Measures nothing: a checklist not worked out yet (the worker has not reached
    it) or stale blocks until the version's checklist page or the worker works it out."""
    return [item for item in items_for(version, work_out=False) if item.blocks_sign_off]
