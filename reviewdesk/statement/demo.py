"""The demo's actions statements (``manage.py load_demo``, after the action plan's demo, which
agrees the actions, and the copies', which sends the published reports to the national bodies).

Each demo review at the action plan stage or closed that has agreed actions gets its statement,
drafted from the plan by the business manager and approved (where the publication check finds
nothing; otherwise it stays a draft, its findings on its page). The first of them whose report
is published has it put beside the report on the public page and sent to the national bodies
that already had the report. A review that has a statement is left as it is, so a second run
adds nothing. The demo's notices go nowhere but ``var/mail/``.
"""

from typing import Any

from django.core.exceptions import ValidationError

from reviewdesk.action_plan.models import Action, ActionsStatement
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.statement import actions, selectors


def load(command: Any) -> None:
    bm = command.people["business.manager"]
    ids = [r.pk for r in command.reviews.values()]
    published_one = False
    for review in Review.objects.filter(pk__in=ids, stage__in=[Stage.ACTION_PLAN, Stage.CLOSED]
                                        ).order_by("pk"):
        if (ActionsStatement.objects.filter(review=review).exists()
                or not Action.objects.filter(review=review).exists()):
            continue
        statement = actions.generate(review, by=bm)
        try:
            statement = actions.approve(statement, by=bm)
        except ValidationError:
            continue  # a draft, its findings listed on its page
        publication = selectors.live_publication(review)
        if published_one or publication is None or publication.state != "published":
            continue
        actions.put_beside_report(statement, by=bm, public=True)
        have = selectors.statement_state(review).to_send
        if have:
            actions.send_to_national_bodies(statement, by=bm, bodies=have)
        published_one = True
