"""The demo's publication stage (``manage.py load_demo``, after the final report's demo): on every
review at the publication stage, the harm from publication assessed for each child and family
member in its register, as the CSPR subgroup would before publishing. Written with pseudonyms
only. A second run adds nothing: a review with an assessment is left as it is.

Reviews 15 and 16 were published on the partnership's website eight and three months ago, before
this demo's today: recorded with those days (``actions.record_earlier_publication``), so the time
on the website's demo can end the one and withdraw the other. Review 13 is scheduled and review 14
published today by the holds demo, after their advance copies (this app cannot ask for those).
"""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.publication import actions, selectors
from reviewdesk.publication.models import HarmAssessment
from reviewdesk.reviews.models import IdentityEntry, Review, Stage
from reviewdesk.reviews.names import anonymised

# (demo review, months ago it was published, its summary for the public)
EARLIER = [
    (15, 8, "A teenager known to several agencies went missing and was found seriously hurt. "
            "The review found that each agency held part of the picture and no one brought it "
            "together; it asks for one shared plan for children who go missing often."),
    (16, 3, "A young child living with a parent who misuses alcohol was seriously harmed. The "
            "review found that the signs were seen by several services but not shared; it asks "
            "for clearer routes to share concerns about parental drinking."),
    (17, 11, "A baby was admitted to hospital with injuries no one could explain. The review "
             "found that a bruise seen weeks before was not recognised as a warning sign in a "
             "baby who could not yet crawl; it asks every service to follow one bruising "
             "protocol."),
    (18, 18, "A teenager who often went missing was found seriously hurt. The review found "
             "that return home interviews were not shared with the school or the police; it asks "
             "for one record of each missing episode that every agency can see."),
]

IMPACT = {
    # Words that fit a child of any age: the demo's children range from babies to teenagers.
    IdentityEntry.Kind.CHILD: ("People who know the family may recognise the circumstances from "
                               "local press coverage.", "The report uses the pseudonym and names "
                                                        "no street, town or service."),
    IdentityEntry.Kind.FAMILY: ("Renewed attention at home when the report is published.",
                                "Told the date first and offered a meeting with the lead "
                                "reviewer before publication."),
    IdentityEntry.Kind.OTHER_PERSON: ("Possible recognition by neighbours.",
                                      "Nothing that identifies them is published."),
}


def load(command: Any) -> None:
    for review in Review.objects.filter(partnership=command.kv, stage=Stage.PUBLICATION):
        assess(command, review)
    published_earlier(command)


def assess(command: Any, review: Review) -> None:
    """The harm from publication assessed for everyone in the register, once."""
    if not HarmAssessment.objects.filter(review=review).exists() and (
            people := selectors.people_at_risk(review)):
        actions.assess_harm(
            review, by=command.bm, assessed_by="The CSPR subgroup, with the lead reviewer",
            assessed_on=None,
            conclusion="The report may be published in full: it names no one, and the family "
                       "are told the date first.",
            mitigations="Publication timed away from the anniversary; the family told first.",
            lines={p.pk: IMPACT[IdentityEntry.Kind(p.kind)] for p in people})


def published_earlier(command: Any) -> None:
    today = timezone.localdate()
    for index, months, summary in EARLIER:
        if index not in command.reviews:  # a demo loaded without it (its tests load one)
            continue
        review = Review.objects.get(pk=command.reviews[index].pk)
        if review.publications.exists() or current_final_report(review) is None:
            continue  # a second run, or no final report (LibreOffice not installed)
        title, published_on = anonymised(review).subject, today - relativedelta(months=months)
        actions.record_earlier_publication(
            review, by=command.bm, published_on=published_on, title=title, summary=summary,
            slug=actions.default_slug(title, published_on.year))
