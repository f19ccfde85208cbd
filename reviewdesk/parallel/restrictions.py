"""What the advice in force holds everyone on a review to, for every app that must obey it.

* No contact with named people: ``no_contact_refusal`` says why a meeting, letter or recorded
  contact with someone is refused (the family's pages call it); ``notice_refusal`` is the notices
  app's guard (registered in ``apps.py``), so no notice about the review goes to their address.
* Topics not to be discussed: ``topics_in_force``, shown wherever staff meet or talk.
* Restricted chronology entries are applied by ``access.py``, reading ``ChronologyRestriction``.

A restriction holds until it, or its advice, is lifted; advice replaced by newer advice hands on
only what the new advice carries.
"""

from collections.abc import Sequence
from datetime import date

from django.db.models import QuerySet

from reviewdesk.accounts.models import User
from reviewdesk.parallel.models import Advice, NoContact, TopicRestriction, in_force_q
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names

# The register's entries that are people: only a person can be someone not to contact.
PERSON_KINDS = {IdentityEntry.Kind.CHILD, IdentityEntry.Kind.FAMILY,
                IdentityEntry.Kind.OTHER_PERSON, IdentityEntry.Kind.PROFESSIONAL}


def advice_in_force(review: Review) -> Advice | None:
    return (Advice.objects.in_force().filter(review=review)
            .select_related("process", "recorded_by", "on_behalf_of").first())


def no_contact_in_force(review: Review) -> QuerySet[NoContact]:
    return (NoContact.objects.filter(in_force_q(), advice__review=review)
            .select_related("advice", "identity__person").order_by("identity__pseudonym"))


def topics_in_force(review: Review) -> list[TopicRestriction]:
    """The topics staff must not discuss now, in the order the advice gave them."""
    return list(TopicRestriction.objects.filter(in_force_q(), advice__review=review)
                .order_by("pk"))


def topics_as_seen(review: Review, names: Names) -> list[str]:
    """The topics in force, through the viewer's redactor: for every page where staff meet or
    talk (the rapid review meeting now; practitioner events and conversations later)."""
    return [names.redact(t.topic) for t in topics_in_force(review)]


def no_contact_since(restriction: NoContact) -> date:
    """Since when there has been no contact with this person: back through the advice each
    advice replaced, for as long as each said no contact with them too."""
    since, advice = restriction.advice.effective_on, restriction.advice
    while True:
        earlier = Advice.objects.filter(replaced_by=advice).first()
        if earlier is None or not NoContact.objects.filter(
                advice=earlier, identity_id=restriction.identity_id,
                lifted_at__isnull=True).exists():
            return since
        since, advice = earlier.effective_on, earlier


def _refusal(restriction: NoContact, name: str, *, start: str) -> str:
    return (f"{start} {name} about this review: advice of "
            f"{restriction.advice.effective_on:%-d %B %Y} says no contact, since "
            f"{no_contact_since(restriction):%-d %B %Y}.")


def no_contact_for(review: Review, identity_or_person: IdentityEntry | User) -> NoContact | None:
    """The restriction in force forbidding contact with this register entry (or with the person
    an address or identifier in the register belongs to), or with this signed-in person."""
    for restriction in no_contact_in_force(review):
        if isinstance(identity_or_person, IdentityEntry):
            if restriction.identity_id in {identity_or_person.pk, identity_or_person.belongs_to_id}:
                return restriction
        elif restriction.identity.person_id == identity_or_person.pk:
            return restriction
    return None


def no_contact_refusal(review: Review, identity_or_person: IdentityEntry | User, *,
                       viewer: User | None = None) -> str | None:
    """Why contact with this person about the review is refused now, or None if it is not.

    The name is as ``viewer`` may see it (their pseudonym without a viewer): "You cannot contact
    Mother about this review: advice of 3 March 2026 says no contact, since 3 March 2026."
    """
    restriction = no_contact_for(review, identity_or_person)
    if restriction is None:
        return None
    name = (Names(review, viewer).entry(restriction.identity) if viewer is not None
            else restriction.identity.pseudonym)
    return _refusal(restriction, name, start="You cannot contact")


def _addresses_of(review: Review, restriction: NoContact) -> set[str]:
    """Every e-mail address the review knows for the person: their sign-in's, and the e-mail
    identifiers the register holds for them."""
    found = set(review.identities.filter(
        belongs_to_id=restriction.identity_id,
        identifier_type=IdentityEntry.IdentifierType.EMAIL).values_list("real_name", flat=True))
    if restriction.identity.person is not None:
        found.add(restriction.identity.person.email)
    return {a.strip().casefold() for a in found if a}


def notice_refusal(review: Review, recipients: Sequence[str]) -> str | None:
    """The notices app's guard: no notice about the review to anyone under no contact. Names
    them by pseudonym only (the refusal may be shown to anyone who sends notices)."""
    wanted = {r.strip().casefold() for r in recipients if r}
    if not wanted or not isinstance(review, Review):
        return None
    for restriction in no_contact_in_force(review):
        if wanted & _addresses_of(review, restriction):
            return _refusal(restriction, restriction.identity.pseudonym,
                            start="You cannot contact")
    return None
