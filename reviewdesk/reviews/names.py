"""Renders names through a review's identity register, according to who is looking.

Every page that shows a person, place or identifier from a case goes through ``Names``: the
viewer's tier (``reviewdesk.access.identity_tier``) decides whether they see the real name or
the pseudonym / role label. Free text goes through ``Names.redact`` (one ``Redactor`` per viewer,
built once per request: ``reviewdesk.reviews.redaction``).
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from reviewdesk.access import Tier, identity_tier, manager_sees_staff_entry
from reviewdesk.accounts.models import User
from reviewdesk.reads import note_identities
from reviewdesk.reviews.models import IdentityEntry, Incident, IncidentChild, Review
from reviewdesk.reviews.redaction import Redactor


def age_in_words(born: date | None, on: date) -> str:
    """An age, never the date of birth: 'aged 6', 'aged 1 year 3 months', 'aged 4 months'."""
    if born is None:
        return ""
    months = max((on.year - born.year) * 12 + on.month - born.month - (on.day < born.day), 0)
    years, months = divmod(months, 12)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if years >= 2:
        return f"aged {years}"
    if years == 0:
        return f"aged {plural(months, 'month')}" if months else "aged under 1 month"
    return "aged 1 year" + (f" {plural(months, 'month')}" if months else "")


@dataclass(frozen=True)
class ChildDetail:
    label: str
    value: str


class Names:
    def __init__(self, review: Review, viewer: User, entries: list[IdentityEntry] | None = None):
        self.review = review
        self.viewer = viewer
        self.tier = identity_tier(viewer, review)
        self._entries = entries
        # A page rendered with these names shows identities if the tier allows: read is audited.
        note_identities(review, viewer, self.tier)

    @cached_property
    def entries(self) -> list[IdentityEntry]:
        if self._entries is not None:
            return self._entries
        return list(self.review.identities.all())

    @cached_property
    def _by_person(self) -> dict[int, IdentityEntry]:
        return {e.person_id: e for e in self.entries if e.person_id}

    def may_see(self, entry: IdentityEntry) -> bool:
        if entry.is_public:
            return True
        if entry.person_id and entry.person_id == self.viewer.pk:
            return True  # everyone may see their own name
        if entry.tier == IdentityEntry.Tier.STAFF:
            # A manager knows their own staff: the one named exception to the staff tier.
            return self.tier >= Tier.ALL or manager_sees_staff_entry(self.viewer, self.review,
                                                                     entry)
        return self.tier >= Tier.FAMILY

    def entry(self, entry: IdentityEntry | None) -> str:
        if entry is None:
            return ""
        return entry.real_name if self.may_see(entry) else entry.pseudonym

    def entry_with_label(self, entry: IdentityEntry) -> str:
        """'Jo Bloggs (Mother)' for those who may see it, 'Mother' for everyone else."""
        if self.may_see(entry) and entry.real_name != entry.pseudonym:
            return f"{entry.real_name} ({entry.pseudonym})"
        return entry.pseudonym

    def user(self, person: User | None) -> str:
        """A person with a sign-in, as this viewer may see them in this review."""
        if person is None:
            return "Review Desk"
        entry = self._by_person.get(person.pk)
        if entry is not None:
            return self.entry(entry)
        if person.role or person.pk == self.viewer.pk:
            return person.display_name  # partnership officers act under their own names
        return "A member of the review team"

    @cached_property
    def _first_incident_on(self) -> date | None:
        return self.review.incidents.order_by("incident_date").values_list(
            "incident_date", flat=True).first()

    def date_of_birth(self, entry: IdentityEntry) -> str:
        """The date of birth to those who may see it; to everyone else the age at the incident,
        as the Panel's anonymised documents give it, never the date."""
        if not entry.date_of_birth:
            return ""
        if self.may_see(entry):
            return f"{entry.date_of_birth:%-d %B %Y}"
        if self._first_incident_on is None:
            return "Hidden"
        return f"{age_in_words(entry.date_of_birth, self._first_incident_on)} at the incident"

    def child_details(self, child: IncidentChild, incident: Incident) -> list[ChildDetail]:
        """A child's structured details as this viewer may see them (docs/decisions/0014).

        Family tier (those who may see the child's name): date of birth, sex, first language,
        whether an interpreter is needed. Everyone who sees the review: the age at the incident
        (instead of the date of birth) and the legal status at the time, as the Panel's
        anonymised documents give them."""
        entry = child.identity
        family = self.may_see(entry)
        rows: list[ChildDetail] = []
        if entry.date_of_birth:
            age = age_in_words(entry.date_of_birth, incident.incident_date)
            rows.append(ChildDetail("Date of birth", f"{entry.date_of_birth:%-d %B %Y} ({age} at "
                                                     "the incident)") if family
                        else ChildDetail("Age at the incident", age))
        if family and child.sex:
            rows.append(ChildDetail("Sex", child.get_sex_display()))
        if child.legal_status:
            rows.append(ChildDetail("Legal status at the time", child.get_legal_status_display()))
        elif child.looked_after:
            rows.append(ChildDetail("Legal status at the time", "Looked after"))
        if family and child.first_language:
            rows.append(ChildDetail("First language", child.first_language))
        if family and child.interpreter_needed is not None:
            rows.append(ChildDetail("Interpreter needed", "Yes" if child.interpreter_needed
                                    else "No"))
        return rows

    def child_line(self, child: IncidentChild, incident: Incident) -> str:
        """'Child A (the subject of the review): age at the incident: aged 6; legal status at the
        time: child protection plan', as this viewer may see it."""
        subject = " (the subject of the review)" if (
            child.identity_id == self.review.subject_child_id) else ""
        details = "; ".join(f"{d.label.lower()}: {d.value}"
                            for d in self.child_details(child, incident))
        return f"{self.entry(child.identity)}{subject}" + (f": {details}" if details else "")

    @cached_property
    def children(self) -> list[IdentityEntry]:
        return [e for e in self.entries if e.kind == IdentityEntry.Kind.CHILD]

    @cached_property
    def subject_entry(self) -> IdentityEntry | None:
        """The subject child: the first child recorded at intake."""
        wanted = self.review.subject_child_id
        found = next((e for e in self.entries if wanted and e.pk == wanted), None)
        if found is None and wanted:
            found = self.review.subject_child
        return found or (self.children[0] if self.children else None)

    @cached_property
    def subject(self) -> str:
        """The review's subject as this viewer may see it: 'Child A' or the child's name. The
        subject child only: a review of siblings is titled by the first child."""
        return self.entry(self.subject_entry) or "No child recorded"

    @cached_property
    def title(self) -> str:
        return f"{self.review.reference}: {self.subject}"

    @cached_property
    def redactor(self) -> Redactor:
        """Free text as this viewer may see it: every identity they may not see replaced."""
        return Redactor([e for e in self.entries if not self.may_see(e)])

    @cached_property
    def anonymised_redactor(self) -> Redactor:
        """Free text as the anonymised view shows it to anyone: every identity that is not
        public replaced (the viewer's own name too)."""
        return Redactor([e for e in self.entries if not e.is_public])

    def redact(self, text: str | None) -> str:
        """Free text as this viewer may see it (``reviewdesk.reviews.redaction``): registered
        identities in every form the register matcher finds, not only as the register spells
        them."""
        return self.redactor.text(text)


def anonymised(review: Review) -> Names:
    """Names as the public sees them: for notices, exports meant for publication, e-mails."""
    from django.contrib.auth.models import AnonymousUser

    return Names(review, AnonymousUser())
