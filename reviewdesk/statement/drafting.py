"""The words of the actions statement: drafted from the plan, and laid out as the document's
sections (the same sections make the page, the .docx, the PDF and the text the publication check
reads, so all four say the same).

Everything drafted from the plan goes through the anonymised redactor (``anonymised(review)``:
every identity that is not public replaced by its pseudonym), since the document is meant for
the public. An action's owner is never named: the agency that owns it is.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from reviewdesk.action_plan import rules
from reviewdesk.action_plan.documents import Section, plain_text
from reviewdesk.action_plan.models import Action, ActionsStatement, ActionUpdate
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import anonymised

# The keys of one entry of ``ActionsStatement.body``, in the document's order, with their
# headings in the document.
PARTS = (("taken", "What has been done"), ("impact", "Impact"),
         ("more", "What more will be done"))
OPEN = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)


def _day(on: date | None) -> str:
    return f"{on:%-d %B %Y}" if on else ""


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if text and text[-1] not in ".!?":
        text += "."
    return text


@dataclass(frozen=True)
class Draft:
    introduction: str
    body: list[dict]
    what_more: str


def _latest_progress(action: Action) -> ActionUpdate | None:
    progress = [u for u in action.updates.all() if u.kind == ActionUpdate.Kind.PROGRESS and u.text]
    return progress[-1] if progress else None


def _entry(action: Action, redact: Callable[[str], str], today: date) -> dict:
    """One action's entry: what was done, its impact and what more will be done."""
    r = redact
    agency = action.agency.name
    status = action.status
    due = _day(action.due_on)
    revised = (f" (first due by {_day(action.original_due_on)}; the date was revised)"
               if action.original_due_on != action.due_on else "")
    latest = _latest_progress(action)
    overdue = rules.is_overdue(action, today)
    if status == Action.Status.NOT_STARTED and overdue:
        taken = f"Not started, and overdue: {agency} was to complete it by {due}{revised}."
    elif status == Action.Status.NOT_STARTED:
        taken = f"Not started yet. {agency} is to complete it by {due}{revised}."
    elif status == Action.Status.IN_PROGRESS:
        taken = (f"In progress, and overdue: it was due by {due}{revised}." if overdue else
                 f"In progress, to be completed by {due}{revised}.")
        if latest is not None:
            taken += f" Latest progress ({_day(latest.written_on)}): {_sentence(latest.text)}"
    elif status == Action.Status.CLOSED:
        taken = f"Closed without being completed. {_sentence(action.closed_reason)}"
    else:
        taken = f"Completed on {_day(action.completed_on)}. {_sentence(action.completion_evidence)}"
    measure = (f"{_sentence(action.impact_measure)} Source: {_sentence(action.impact_source)}")
    if status == Action.Status.IMPACT_SHOWN:
        accepted = action.impact_accepted_at
        impact = (("Impact shown, accepted by the CSPR subgroup"
                   + (f" on {_day(accepted.held_on)}" if accepted else "") + ". ")
                  + _sentence(action.impact_evidence))
        more = "Nothing more on this action: its impact has been shown."
    elif status == Action.Status.CLOSED:
        impact = "Not assessed: the action was closed."
        more = "Nothing more on this action."
    elif status == Action.Status.COMPLETED and action.impact_evidence:
        impact = (f"Evidence of impact so far: {_sentence(action.impact_evidence)} The CSPR "
                  "subgroup has still to accept it.")
        more = f"The CSPR subgroup will consider the evidence of impact. Measured by: {measure}"
    elif status == Action.Status.COMPLETED:
        impact = f"To be assessed by {_day(action.impact_assessed_on)}."
        more = f"{agency} will show its impact by {_day(action.impact_assessed_on)}. " \
               f"Measured by: {measure}"
    else:
        impact = (f"To be assessed by {_day(action.impact_assessed_on)}, against the success "
                  f"criteria: {_sentence(action.success_criteria)}")
        by = "complete it" if overdue else f"complete it by {due}"
        more = f"{agency} will {by}, then show its impact. Measured by: {measure}"
    return {"action": action.pk, "heading": r(f"Action {action.number}: "
                                                f"{_sentence(action.description)}"),
            "taken": r(taken), "impact": r(impact), "more": r(more)}


def actions_of(review: Review) -> list[Action]:
    return list(Action.objects.filter(review=review)
                .select_related("agency", "impact_accepted_at")
                .prefetch_related("updates").order_by("number", "pk"))


def draft(review: Review, actions: list[Action]) -> Draft:
    """The statement as the plan stands: pseudonyms only."""
    today = timezone.localdate()
    names = anonymised(review)
    redact = names.anonymised_redactor.text
    subject = names.subject
    kind = review.get_kind_display().lower()
    counts = {s: sum(1 for a in actions if a.status == s) for s in Action.Status.values}
    done = counts[Action.Status.COMPLETED] + counts[Action.Status.IMPACT_SHOWN]
    introduction = (
        f"This document sets out the actions {review.partnership.name} and its partners agreed "
        f"in response to the {kind} about {subject}: what has been done, their impact and what "
        f"more will be done. {len(actions)} action{'s were' if len(actions) != 1 else ' was'} "
        f"agreed; {done} {'have' if done != 1 else 'has'} been completed, and the impact of "
        f"{counts[Action.Status.IMPACT_SHOWN]} has been shown and accepted by the CSPR subgroup.")
    more = []
    for action in actions:
        if action.status in OPEN:
            more.append(f"- Action {action.number}: {action.agency.name}, by "
                        f"{_day(action.due_on)}.")
        elif action.status == Action.Status.COMPLETED:
            more.append(f"- Action {action.number}: its impact, by "
                        f"{_day(action.impact_assessed_on)}.")
    what_more = ("The CSPR subgroup monitors every action until its impact is shown. Still to "
                 "come:\n" + "\n".join(more)) if more else (
        "Every action has been completed and its impact shown, or closed with reasons. The "
        "partnership will keep checking that the changes last.")
    return Draft(redact(introduction), [_entry(a, redact, today) for a in actions],
                 redact(what_more))


def title(review: Review) -> str:
    return (f"{anonymised(review).subject}: the actions taken, their impact and what more will "
            "be done")


def subtitle(statement: ActionsStatement) -> str:
    partnership = statement.review.partnership.name
    when = statement.approved_on or statement.recorded_at.date()
    word = "Approved" if statement.approved_on else "Draft of"
    return f"{partnership}. {word} {_day(when)} (version {statement.number})."


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def sections(statement: ActionsStatement) -> list[Section]:
    """The document's sections, as stored (typed text is shown through the viewer's redactor
    on pages; the files and the check use it as it is)."""
    out = [Section("Introduction", _paragraphs(statement.introduction))]
    for entry in statement.body:
        paragraphs = []
        for key, heading in PARTS:
            text = " ".join(_paragraphs(entry.get(key, "")))
            if text:
                paragraphs.append(f"{heading}: {text}")
        out.append(Section(entry.get("heading") or "An action", paragraphs))
    out.append(Section("What more will be done", _paragraphs(statement.what_more)))
    return out


def text_of(statement: ActionsStatement) -> str:
    """What the publication check reads: the title, the subtitle and every section."""
    return plain_text(title(statement.review) + "\n\n" + subtitle(statement),
                      sections(statement))
