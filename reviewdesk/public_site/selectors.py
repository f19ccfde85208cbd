"""What the public site may read: ``Publication`` rows in a public state, found by their slug
(decision 0060). Nothing else of a review is ever read by the public pages."""

from collections.abc import Sequence

from django.db.models import Count, QuerySet
from django.http import Http404

from reviewdesk.publication.models import Publication

State = Publication.State
# States whose public address answers: published (with its files), available on request (with
# the request form) and withdrawn (410). Scheduled and cancelled ones are not there at all.
ANSWERING = [State.PUBLISHED, State.ON_REQUEST, State.WITHDRAWN]
# Reports anyone may ask for a copy of.
REQUESTABLE = [State.PUBLISHED, State.ON_REQUEST]


def _public(states: Sequence[str]) -> QuerySet[Publication]:
    return (Publication.objects.filter(state__in=states)
            .select_related("review", "review__partnership"))


def published() -> QuerySet[Publication]:
    """The reports on the website now, newest first."""
    return _public([State.PUBLISHED]).order_by("-published_on", "title", "pk")


def on_request() -> QuerySet[Publication]:
    """Reports whose time on the website has ended: available on request."""
    return _public([State.ON_REQUEST]).order_by("-published_on", "title", "pk")


def requestable(partnership_id: int) -> QuerySet[Publication]:
    """One partnership's reports anyone may ask for: the request form's list (a deployment's
    every partnership would make it thousands long)."""
    return (_public(REQUESTABLE).filter(review__partnership_id=partnership_id)
            .order_by("title", "-published_on", "pk"))


def counts(state: str) -> dict[int, int]:
    """How many reports each partnership has in ``state``: the list of every partnership shows
    these, not the reports (with many partnerships, a page of thousands)."""
    return dict(Publication.objects.filter(state=state)
                .values("review__partnership_id").annotate(n=Count("pk"))
                .values_list("review__partnership_id", "n"))


def by_slug(slug: str, states: Sequence[str] | None = None) -> Publication:
    """The publication at ``slug`` in one of ``states`` (by default any that answers), else 404:
    the same page as any address that does not exist."""
    found = _public(states or ANSWERING).filter(slug=slug).first()
    if found is None:
        raise Http404("No such published report")
    return found
