"""The retention period, legal holds, and erasing a closed review's personal data.

Erasure is one transaction: the kept records' free text is put as the public sees it (through
the one redactor, while the identity register still knows every name), every other record of the
review is deleted (``plan.removed``), the register keeps only pseudonyms, and one audit event
records it with ids, the reference and counts. Stored files of deleted records go once the
transaction has committed. The audit trail is not touched: its rows hold ids and pseudonyms only,
so the chain stays whole and ``verify_audit`` passes."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.lib.workingdays import add_months
from reviewdesk.retention import plan
from reviewdesk.retention.models import Erasure, LegalHold
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.models import IdentityEntry, Review, Stage
from reviewdesk.reviews.redaction import Redactor
from reviewdesk.versioning import UNCHECKED, claim

YEARS_RANGE = (1, 100)


def _require_manager(by: User, partnership_id: int) -> None:
    if not access.is_business_manager(by) or by.partnership_id != partnership_id:
        raise PermissionDenied("Only the partnership's business manager decides how long "
                               "records are kept.")


@transaction.atomic
def change_retention(partnership: Partnership, *, by: User, years: int | None, policy: str,
                     version: int | None = UNCHECKED) -> Partnership:
    """How many years after a review closes its records are kept, and the records policy that
    says so. None: not set (no review is listed as past its time)."""
    _require_manager(by, partnership.pk)
    policy = (policy or "").strip()
    errors = {}
    low, high = YEARS_RANGE
    if years is not None and not low <= years <= high:
        errors["years"] = f"Enter a number of years from {low} to {high}, or leave it empty."
    if years is not None and not policy:
        errors["policy"] = ("Say which records policy sets this period (its name, or the "
                            "section), so anyone can check it.")
    if len(policy) > 200:
        errors["policy"] = "Keep the records policy to 200 characters or fewer."
    if errors:
        raise ValidationError(errors)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    before = {"years": partnership.retention_years}
    claim(partnership, version, thing="the retention period", by=by)
    partnership.retention_years, partnership.retention_policy = years, policy
    partnership.save(update_fields=["retention_years", "retention_policy"])
    record("retention.settings_changed", actor=by, partnership_id=partnership.pk,
           summary="Changed how long closed reviews' records are kept",
           data={"before": before, "after": {"years": years},
                 "effective_on": timezone.localdate().isoformat()})
    return partnership


def keep_until(review: Review, years: int | None) -> date | None:
    """The day a closed review's records may be erased: ``years`` after the day it closed."""
    if years is None or review.stage != Stage.CLOSED:
        return None
    return add_months(review.stage_since, 12 * years)  # 29 February + 1 year: 28 February


@dataclass(frozen=True)
class Due:
    review: Review
    keep_until: date
    hold: LegalHold | None


def past_retention(partnership: Partnership, today: date) -> list[Due]:
    """Closed reviews kept past the partnership's period and not yet erased, oldest first, each
    with its active legal hold if any."""
    years = partnership.retention_years
    if years is None:
        return []
    holds = {h.review_id: h for h in LegalHold.objects.filter(
        review__partnership=partnership, lifted_on__isnull=True)}
    due = []
    for review in (Review.objects.filter(partnership=partnership, stage=Stage.CLOSED,
                                         erasure__isnull=True).order_by("stage_since", "pk")):
        until = keep_until(review, years)
        if until is not None and until <= today:
            due.append(Due(review, until, holds.get(review.pk)))
    return due


def active_hold(review: Review) -> LegalHold | None:
    return review.legal_holds.filter(lifted_on__isnull=True).first()


@transaction.atomic
def place_hold(review: Review, *, by: User, reason: str, placed_on: date) -> LegalHold:
    """Stop the review's erasure until the hold is lifted. Open or closed, any review."""
    _require_manager(by, review.partnership_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the records must be kept (for example: an "
                                         "inquest, a claim, a police investigation)."})
    check_effective_date(placed_on, what="The date the hold took effect", field="placed_on")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if hasattr(review, "erasure"):
        raise ValidationError("This review's personal data has already been erased: there is "
                              "nothing left to hold.")
    if active_hold(review):
        raise ValidationError("This review already has a legal hold. Lift it first to place "
                              "another.")
    hold = LegalHold.objects.create(review=review, reason=reason, placed_on=placed_on,
                                    placed_by=by)
    record("retention.hold_placed", actor=by, review=review,
           summary="Placed a legal hold: the review's records are kept until it is lifted",
           data={"hold": hold.pk, "effective_on": placed_on.isoformat()})
    return hold


@transaction.atomic
def lift_hold(review: Review, *, by: User, reason: str, lifted_on: date) -> LegalHold:
    _require_manager(by, review.partnership_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the hold is no longer needed."})
    hold = LegalHold.objects.select_for_update().filter(review=review,
                                                        lifted_on__isnull=True).first()
    if hold is None:
        raise ValidationError("This review has no legal hold to lift.")
    check_effective_date(lifted_on, not_before=hold.placed_on, what="The date the hold was lifted",
                         since="when it was placed", field="lifted_on")
    hold.lifted_on, hold.lifted_by, hold.lift_reason = lifted_on, by, reason
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_on", "lifted_by", "lift_reason", "lifted_at"])
    record("retention.hold_lifted", actor=by, review=review,
           summary="Lifted the legal hold on the review's records",
           data={"hold": hold.pk, "effective_on": lifted_on.isoformat()})
    return hold


def erasure_refusal(review: Review, today: date) -> str:
    """Why the review's personal data cannot be erased today, or "" if it can."""
    if hasattr(review, "erasure"):
        return "This review's personal data has already been erased."
    if review.stage != Stage.CLOSED:
        return "Only a closed review's records can be erased."
    years = review.partnership.retention_years
    if years is None:
        return ("The partnership has not set how long closed reviews are kept: set it from "
                "your records policy first.")
    until = keep_until(review, years)
    assert until is not None
    if until > today:
        return (f"The records are kept until {until:%-d %B %Y} ({years} years after the review "
                "closed): they cannot be erased before then.")
    if active_hold(review):
        return "A legal hold is on this review: lift it before erasing its records."
    return ""


def erase_review(review: Review, *, by: User, confirm: str, today: date | None = None) -> Erasure:
    """Erase a closed review's personal data past its retention period (see the module)."""
    _require_manager(by, review.partnership_id)
    today = today or timezone.localdate()
    if (confirm or "").strip().upper() != review.reference.upper():
        raise ValidationError({"confirm": f"Type the review's reference, {review.reference}, to "
                                          "confirm that its records are to be erased."})
    files: list[str] = []
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("partnership").get(
            pk=review.pk)
        refusal = erasure_refusal(review, today)
        if refusal:
            raise ValidationError(refusal)
        counts = _erase(review, files)
        erasure = Erasure.objects.create(review=review, erased_on=today, erased_by=by,
                                         counts=counts)
        record("retention.review_erased", actor=by, review=review,
               summary="Erased the review's personal data under the retention period; kept "
                       "the published report and the anonymised learning",
               data={"review": review.pk, "reference": review.reference, "erasure": erasure.pk,
                     "removed": counts, "effective_on": today.isoformat()})
        transaction.on_commit(lambda: _delete_files(files))
    return erasure


def _rows(step: plan.Step, review: Review):  # type: ignore[no-untyped-def]
    return step.model._default_manager.filter(**{step.path: review})


def _erase(review: Review, files: list[str]) -> dict[str, int]:
    register = list(IdentityEntry.objects.filter(review=review))
    public = Redactor([e for e in register if not e.is_public])
    # 1. The kept records' free text as the public sees it, while the register knows every name.
    for step in plan.kept():
        if step.model is IdentityEntry:
            continue
        fields = plan.text_fields(step.model)
        rows = review if step.model is Review else None
        for row in ([rows] if rows is not None else _rows(step, review)):
            changed = [f for f in fields if getattr(row, f)
                       and public.text(getattr(row, f)) != getattr(row, f)]
            for field in changed:
                limit = getattr(step.model._meta.get_field(field), "max_length", None)
                setattr(row, field, _fit(public.text(getattr(row, field)), limit))
            if changed:
                type(row)._default_manager.filter(pk=row.pk).update(
                    **{f: getattr(row, f) for f in changed})
    for label, values in plan.EMPTIED.items():
        step = next(s for s in plan.kept() if s.label == label)
        _rows(step, review).update(**values)
    # 2. Links from any of the review's records to records about to go, where they may be empty.
    for step in [*plan.kept(), *plan.removed()]:
        clear = plan.links_to_clear(step.model)
        if clear and step.model is not Review:
            _rows(step, review).update(**dict.fromkeys(clear))
    # 3. Every other record of the review, each before what it points to; their files after.
    removed: Counter[str] = Counter()
    for step in plan.removed():
        rows = _rows(step, review)
        for name in plan.file_fields(step.model):
            files += [f for f in rows.values_list(name, flat=True) if f]
        _total, by_model = rows.delete()
        removed.update(by_model)
    # 4. The register: pseudonyms only.
    for entry in register:
        IdentityEntry.objects.filter(pk=entry.pk).update(
            real_name=entry.pseudonym, aliases="", date_of_birth=None, person=None,
            role_title=_fit(public.text(entry.role_title), 200))
    return {label: n for label, n in sorted(removed.items()) if n}


def _fit(text: str, limit: int | None) -> str:
    """A pseudonym can be longer than the name it replaces: cut to the field's length."""
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
