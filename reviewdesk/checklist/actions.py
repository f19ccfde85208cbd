"""Every change the checklist makes: the partnership's lists (required sections, jargon), the
business manager's acceptance of an item as it is, and working a version's checklist out.

Audit summaries hold counts and item keys, never a heading, a term or a reason as typed (a
reason may name the child)."""

import hashlib
import json
import time
from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.checklist import defaults
from reviewdesk.lib import report_checklist as measures
from reviewdesk.reports.models import (
    ChecklistAcceptance,
    ChecklistResult,
    DraftCheck,
    JargonTerm,
    ReportVersion,
    RequiredSection,
)
from reviewdesk.reviews.models import Review

# The items, in the order the page shows them; "findings" is worked out live (selectors.py).
ITEMS = {
    "sections": "Required sections",
    "readability": "Readability",
    "long_sentences": "Long sentences",
    "passive": "Passive voice",
    "acronyms": "Acronyms explained",
    "jargon": "Jargon",
    "findings": "No identifying details left",
    "recommendations": "Recommendations numbered and addressed",
}
JARGON_LINE = "Write each word or phrase as: word = plain alternative"


# --- The partnership's lists ---------------------------------------------------------------------

def ensure_lists(partnership_id: int) -> None:
    """The default lists, made the first time the checklist is used (a partnership that never
    reaches the report stage gets none). A partnership always keeps at least one required
    section (the last cannot be removed), so having none means it has never been set up."""
    if RequiredSection.objects.filter(partnership_id=partnership_id).exists():
        return
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        if RequiredSection.objects.filter(partnership_id=partnership_id).exists():
            return  # made by a request at the same moment
        RequiredSection.objects.bulk_create(
            RequiredSection(partnership_id=partnership_id, name=name, headings="\n".join(lines),
                            position=i + 1)
            for i, (name, lines) in enumerate(defaults.SECTIONS))
        JargonTerm.objects.bulk_create(
            (JargonTerm(partnership_id=partnership_id, term=term, plain=plain)
             for term, plain in defaults.JARGON), ignore_conflicts=True)


def _headings(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValidationError({"headings": "Enter at least one heading that counts as this "
                               "section, one on each line."})
    if any(not measures.normalise_heading(line) for line in lines):
        raise ValidationError({"headings": "Each heading must have words in it, not only "
                               "numbers or punctuation."})
    return "\n".join(dict.fromkeys(lines))


@transaction.atomic
def save_section(partnership: Partnership, *, by: User, name: str, headings: str,
                 section: RequiredSection | None = None) -> RequiredSection:
    """Add a required section, or change one: its name and the headings that count as it."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the section's name, for example Methodology."})
    lines = _headings(headings)
    others = RequiredSection.objects.filter(partnership=partnership)
    if section is not None:
        others = others.exclude(pk=section.pk)
    if any(s.name.strip().lower() == name.lower() for s in others):
        raise ValidationError({"name": "There is already a required section with this name."})
    if section is None:
        last = others.order_by("-position").first()
        section = RequiredSection.objects.create(
            partnership=partnership, name=name[:200], headings=lines,
            position=(last.position + 1) if last else 1)
        event, summary = "checklist.section_added", "Added a required section"
    else:
        section.name, section.headings = name[:200], lines
        section.save(update_fields=["name", "headings"])
        event, summary = "checklist.section_changed", "Changed a required section"
    record(event, actor=by, partnership_id=partnership.pk, summary=summary,
           data={"section": section.pk, "headings": lines.count("\n") + 1})
    return section


@transaction.atomic
def remove_section(section: RequiredSection, *, by: User) -> None:
    Partnership.objects.select_for_update().filter(pk=section.partnership_id).first()
    if RequiredSection.objects.filter(partnership_id=section.partnership_id).count() <= 1:
        raise ValidationError("A report must have at least one required section. Change this "
                              "one instead of removing it.")
    pk = section.pk
    section.delete()
    record("checklist.section_removed", actor=by, partnership_id=section.partnership_id,
           summary="Removed a required section", data={"section": pk})


def parse_jargon(text: str) -> dict[str, str]:
    """Lines of "word = plain alternative" (or a colon, or a tab), refused whole if any line is
    not one."""
    terms: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for sep in ("=", "\t", ":"):
            if sep in line:
                term, plain = (part.strip() for part in line.split(sep, 1))
                break
        else:
            raise ValidationError({"terms": f"Line {n} has no plain alternative. {JARGON_LINE}."})
        if not term or not plain:
            raise ValidationError({"terms": f"Line {n} needs both the word and its plain "
                                   f"alternative. {JARGON_LINE}."})
        if len(term) > 100 or len(plain) > 300:
            raise ValidationError({"terms": f"Line {n} is too long: a word or phrase can have "
                                   "100 characters and its alternative 300."})
        if term.lower() in {t.lower() for t in terms}:
            raise ValidationError({"terms": f"Line {n} repeats “{term}”. List each word once."})
        terms[term] = plain
    return terms


@transaction.atomic
def set_jargon(partnership: Partnership, *, by: User, text: str) -> int:
    """Replace the partnership's jargon list (all or nothing). Returns how many terms it holds."""
    terms = parse_jargon(text)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    JargonTerm.objects.filter(partnership=partnership).delete()
    JargonTerm.objects.bulk_create(JargonTerm(partnership=partnership, term=t, plain=p)
                                   for t, p in terms.items())
    record("checklist.jargon_set", actor=by, partnership_id=partnership.pk,
           summary=f"Set the jargon list ({len(terms)} words or phrases)",
           data={"terms": len(terms)})
    return len(terms)


# --- Working a version's checklist out --------------------------------------------------------------

def lists_for(partnership_id: int) -> measures.Lists:
    ensure_lists(partnership_id)
    sections = [measures.Required(str(s.pk), s.name, tuple(s.headings.splitlines()))
                for s in RequiredSection.objects.filter(partnership_id=partnership_id)]
    jargon = dict(JargonTerm.objects.filter(partnership_id=partnership_id)
                  .values_list("term", "plain"))
    partnership = Partnership.objects.get(pk=partnership_id)
    agencies = list(Agency.objects.filter(partnership_id=partnership_id)
                    .values_list("name", "short_name"))
    # Short names ("KCSC") are matched in capitals only: "the police" is not the police's "POL".
    return measures.Lists(
        sections=sections, jargon=jargon,
        addressees=[partnership.name, *(name for name, _ in agencies)],
        addressee_codes=[partnership.code, *(short for _, short in agencies if short)])


def inputs_of(lists: measures.Lists) -> str:
    """What a result depends on besides the version: a change here makes it stale."""
    basis = {"measures": measures.MEASURES_VERSION,
             "sections": [[s.key, s.name, list(s.headings)] for s in lists.sections],
             "jargon": sorted(lists.jargon.items()), "addressees": lists.addressees,
             "codes": lists.addressee_codes}
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


def work_out(version: ReportVersion) -> ChecklistResult:
    """Measure the version against the partnership's lists now, and keep the result (one per
    version, replaced). Worked out outside any lock: it reads only the version's stored outline,
    and two at once store the same result."""
    started = time.perf_counter()
    lists = lists_for(version.review.partnership_id)
    items, paragraphs = measures.work_out(version.outline, lists)
    seconds = round(time.perf_counter() - started, 3)
    result, _ = ChecklistResult.objects.update_or_create(version=version, defaults={
        "items": items, "paragraphs": paragraphs, "worked_out_at": timezone.now(),
        "seconds": seconds, "inputs": inputs_of(lists)})
    return result


def on_version_uploaded(version: ReportVersion, by: User) -> None:
    """A version listener (reports.actions.register_version_listener), inside the upload's
    transaction: the checklist is worked out once the upload has committed."""
    transaction.on_commit(partial(_queue, version.pk))


def _queue(version_id: int) -> None:
    from reviewdesk.checklist.tasks import work_out_checklist

    work_out_checklist.enqueue(version_id)


# --- Accepting an item as it is ----------------------------------------------------------------------

@transaction.atomic
def accept_item(version: ReportVersion, *, by: User, item: str, reason: str,
                accepted_on: date | None = None, on_behalf_of: User | None = None
                ) -> ChecklistAcceptance:
    """The business manager's reason why an item is accepted as it is on this version, so it no
    longer blocks sign-off."""
    Review.objects.select_for_update().filter(pk=version.review_id).first()
    if item not in ITEMS:
        raise ValidationError("There is no such item on the checklist.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the report can go forward as it is, so those "
                               "signing it off can rely on it."})
    today = timezone.localdate()
    accepted_on = accepted_on or today
    if accepted_on > today:
        raise ValidationError({"accepted_on": "The date must be today or in the past."})
    if accepted_on < version.written_on:
        raise ValidationError({"accepted_on": "The date must be on or after the date of this "
                               "version."})
    # Only what has been judged can be accepted: not a checklist still to be worked out, nor
    # identifying details while the publication check is still looking for them.
    if item == "findings":
        if not DraftCheck.objects.filter(version=version, status__in=[
                DraftCheck.Status.DONE, DraftCheck.Status.FAILED]).exists():
            raise ValidationError("The publication check of this version has not finished. "
                                  "Accept this item once it has.")
    elif not ChecklistResult.objects.filter(version=version).exists():
        raise ValidationError("This version's checklist has not been worked out yet. Open its "
                              "checklist page, then accept the item.")
    if ChecklistAcceptance.objects.filter(version=version, item=item,
                                          withdrawn_at__isnull=True).exists():
        raise ValidationError(f"“{ITEMS[item]}” is already accepted on this version.")
    try:
        with transaction.atomic():
            acceptance = ChecklistAcceptance.objects.create(
                version=version, item=item, reason=reason, accepted_on=accepted_on,
                recorded_by=by, on_behalf_of=on_behalf_of)
    except IntegrityError:
        raise ValidationError(f"“{ITEMS[item]}” is already accepted on this version.") from None
    record("checklist.item_accepted", actor=by, review=version.review, on_behalf_of=on_behalf_of,
           summary=f"Accepted a checklist item as it is on version {version.number}",
           data={"version": version.pk, "item": item, "acceptance": acceptance.pk,
                 "effective_on": accepted_on.isoformat()})
    return acceptance


@transaction.atomic
def withdraw_acceptance(acceptance: ChecklistAcceptance, *, by: User) -> ChecklistAcceptance:
    """The item blocks sign-off again until it passes or is accepted once more."""
    acceptance = ChecklistAcceptance.objects.select_for_update().select_related(
        "version__review").get(pk=acceptance.pk)
    if acceptance.withdrawn_at is not None:
        raise ValidationError("This acceptance has already been withdrawn.")
    acceptance.withdrawn_at = timezone.now()
    acceptance.save(update_fields=["withdrawn_at"])
    record("checklist.acceptance_withdrawn", actor=by, review=acceptance.version.review,
           summary=f"Withdrew the acceptance of a checklist item on version "
                   f"{acceptance.version.number}",
           data={"version": acceptance.version_id, "item": acceptance.item,
                 "acceptance": acceptance.pk})
    return acceptance
