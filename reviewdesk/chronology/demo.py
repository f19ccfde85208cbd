"""Agencies' chronologies for the demo partnership (called by ``manage.py load_demo`` after the
commissioning demo has named review 7's chronology authors).

Review 7, at the chronology stage:

* West Kirkvale Police (Arun Thorne): a spreadsheet with the police's own headings, uploaded,
  checked and accepted, with warnings kept on its entries (an uncertain date, a month only);
* Kirkvale Children's Social Care (Chloe Barrow): a CSV uploaded with problems (an impossible
  date, a row without its source), waiting for the author to correct or exclude them;
* the two health agencies: not sent yet.

Every name here is fictional; the family's names come from the review's identity register.
"""

import csv
import io
from datetime import date, timedelta
from typing import Any

from reviewdesk.accounts.models import User
from reviewdesk.chronology import actions, status, tasks
from reviewdesk.reviews.demo_stories import words_for
from reviewdesk.reviews.models import IdentityEntry, Review


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # as Excel saves "CSV UTF-8"


def _day(start: date, days: int) -> str:
    return f"{start + timedelta(days=days):%d/%m/%Y}"


def police_file(start: date, child: str, mother: str) -> bytes:
    month = start + timedelta(days=200)
    return _csv(
        ["Date of contact", "Time", "Source", "Worker", "Details", "Outcome"],
        [[_day(start, 12), "23:40", "Command and control log", "Response officer",
          f"Call from a neighbour reporting shouting at the address; {child} heard crying.",
          "Officers attended; no offences disclosed. Child seen asleep."],
         [_day(start, 13), "10:15", "Crime recording system", "Public protection officer",
          "Domestic abuse risk assessment completed: standard risk.",
          f"Leaflets given to {mother}. Referral to children's social care not made."],
         ["?" + _day(start, 95), "", "Officer's pocket notebook", "Neighbourhood officer",
          f"Informal welfare check; {mother} said the family was settled.", "No further action."],
         [f"{month:%B %Y}", "", "Intelligence record", "Intelligence officer",
          "Intelligence that the mother's former partner had returned to the area.",
          "Not shared with partner agencies."]])


def social_care_file(start: date, child: str, mother: str, setting: str = "nursery") -> bytes:
    return _csv(
        ["Date", "Source of information", "Practitioner role", "Event / contact",
         "Action / outcome", "Analysis / comment"],
        [[_day(start, 40), "Contact record", "Duty social worker",
          f"Referral from the health visitor: {mother} struggling to cope with {child}.",
          "Early help offered.", "The referral was screened within a day, as expected."],
         ["31/02/" + str(start.year + 1), "Case note", "Family support worker",
          "Home visit: the family was not in.", "Letter left.", ""],
         [_day(start, 300), "", "Social worker", "Child and family assessment started.",
          "Visits arranged.", f"The assessment was not shared with the {setting}."]])


def load(command: Any) -> None:
    review = Review.objects.select_related("partnership").get(pk=command.reviews[7].pk)
    people: dict[str, User] = command.people
    period = status.period_under_review(review)
    if period is None:
        return
    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).first()
    mother = review.identities.filter(pseudonym="Mother").first()
    first_name = child.real_name.split()[0] if child else "the child"
    mother_name = mother.real_name if mother else "the mother"
    in_scope = {a.pk for a in status.agencies_in_scope(review)}
    police, social_care = command.agencies[1], command.agencies[0]

    if police.pk in in_scope:
        author = people["agency.author"]
        submission = actions.upload_submission(
            review, police, by=author, data=police_file(period[0], first_name, mother_name),
            filename="Police chronology.csv")
        # Checked here rather than by the worker, so the demo opens with it accepted (by the
        # business manager: an author never accepts their own); the
        # queued task then finds the check done and leaves it alone.
        tasks.run_check(submission.pk)
        submission.refresh_from_db()
        actions.accept_submission(submission, by=people["business.manager"])

    if social_care.pk in in_scope:
        submission = actions.upload_submission(
            review, social_care, by=people["chloe.barrow"],
            data=social_care_file(period[0], first_name, mother_name,
                                  words_for(review).setting),
            filename="CSC chronology.csv")
        tasks.run_check(submission.pk)
