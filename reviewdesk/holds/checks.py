"""What this app asks of a publication date (``publication.checks``, registered in
HoldsConfig.ready): no hold in force, and the advance copy of the current final report gone at
least 7 working days before.

A check's words are shown to anyone who reads the stage and in the refusal to publish, without
knowing who reads them: free text typed by people (who decided, a process's reference) goes
through the anonymised view, and a hold's reason stays on the holds page, which shows it through
the reader's own view.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.holds import selectors
from reviewdesk.holds.actions import ADVANCE_WORKING_DAYS, long_day
from reviewdesk.publication.checks import Check
from reviewdesk.publication.models import Hold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names, anonymised

HOLD, ADVANCE_COPY = "hold", "advance_copy"
HOLD_ORDER, ADVANCE_COPY_ORDER = 10, 20


def _hold_words(hold: Hold, public: Names) -> str:
    decided = (f"decided by {public.redact(hold.decided_by)} on "
               f"{hold.decided_on:%-d %B %Y}")
    if hold.process is None:
        return f"a hold that stands alone, {decided}"
    reference = public.redact(hold.process.reference)
    return (f"the hold for the {public.redact(hold.process.kind_label).lower()}"
            f"{f' ({reference})' if reference else ''}, {decided}")


def hold_checks(review: Review, on: date) -> list[Check]:
    holds = selectors.in_force(review)
    link = reverse("holds:holds", args=[review.uuid])
    title = "No hold on publication"
    if not holds:
        return [Check(HOLD, title, True, "No hold on publication is in force.", link)]
    public = anonymised(review)
    count = (f"{len(holds)} holds on publication are" if len(holds) > 1
             else "A hold on publication is")
    listed = "; ".join(_hold_words(h, public) for h in holds)
    return [Check(HOLD, title, False,
                  f"{count} in force: {listed}. The report cannot be published while "
                  f"{'they are' if len(holds) > 1 else 'it is'} in force: see why on the holds "
                  "page, and release each hold there once it no longer applies.", link)]


def advance_copy_checks(review: Review, on: date) -> list[Check]:
    state = selectors.advance_copy_state(review)
    link = reverse("holds:advance_copy", args=[review.uuid])
    title = (f"The advance copy: the Panel and the Secretary of State have the final report "
             f"{ADVANCE_WORKING_DAYS} working days before publication")
    if state.final is None:
        return [Check(ADVANCE_COPY, title, False,
                      "There is no final report yet. Make it, then send the advance copy to the "
                      "Panel and the Secretary of State.", link)]
    copy = state.copy
    if copy is None:
        newer = " (a newer final report was made since the last advance copy)" if (
            state.earlier) else ""
        return [Check(ADVANCE_COPY, title, False,
                      f"The final report has not been sent to the Panel and the Secretary of "
                      f"State{newer}. Send the advance copy: the earliest publication date is "
                      f"then {ADVANCE_WORKING_DAYS} working days after it.", link)]
    rule = (f"{ADVANCE_WORKING_DAYS} working days after the advance copy went to the Panel and "
            f"the Secretary of State on {long_day(copy.sent_on)}.")
    if on < copy.earliest_publication_on:
        return [Check(ADVANCE_COPY, title, False,
                      f"The earliest publication date is {long_day(copy.earliest_publication_on)}"
                      f": {rule}", link)]
    return [Check(ADVANCE_COPY, title, True,
                  f"Publication may be on or after {long_day(copy.earliest_publication_on)}: "
                  f"{rule}", link)]
