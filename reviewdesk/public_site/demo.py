"""The demo's public side (called by ``manage.py load_demo`` after the publication stage's apps'
demos, which publish a report and move one to on request).

A member of the public asks for each report available on request, and for the first published
report, through the request form's own action, as the public page would. Nothing is asked for
twice (a second run adds nothing); with no public report yet, nothing is made.
"""

from typing import Any

from reviewdesk.public_site import actions, selectors
from reviewdesk.publication.models import Publication, ReportRequest

ASKERS = [("Morgan Ellis", "morgan.ellis@example.org",
           "I am a school's designated safeguarding lead and would like to share the learning."),
          ("Jo Parry", "jo.parry@example.org", "")]


def load(command: Any) -> None:
    wanted: list[Publication] = [*selectors.on_request()[:1], *selectors.published()[:1]]
    for publication, (name, email, reason) in zip(wanted, ASKERS, strict=False):
        if ReportRequest.objects.filter(publication=publication, email=email).exists():
            continue
        actions.take_request(publication, name=name, email=email, reason=reason,
                             client_hash=actions.hash_address("demo"))
