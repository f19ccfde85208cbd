"""Filters on the merged chronology (issue 6): agency, date range, person, keyword, significant.

Each filter narrows a queryset of entries and keeps its ordering, so the merged page's keyset
pagination works the same filtered or not. Text matches are case-insensitive ``icontains``: on
PostgreSQL each text field has a trigram GIN index on ``UPPER(field)`` (migration 0003), which
is exactly the expression Django's ``icontains`` compares, so a rare keyword is found without
reading every row.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from reviewdesk.chronology.models import Entry
from reviewdesk.reviews.models import IdentityEntry

# The entry's text fields a keyword or a person's name is looked for in.
TEXT_FIELDS = ("event", "action", "analysis", "source", "role")
# Shorter terms match inside too many words to mean a person ("Al" in "Alarm").
MIN_TERM = 2


def _any_field_contains(term: str) -> Q:
    q = Q()
    for name in TEXT_FIELDS:
        q |= Q(**{f"{name}__icontains": term})
    return q


def person_terms(person: IdentityEntry) -> list[str]:
    """Every form a register entry is written in: its name, aliases and pseudonym."""
    terms = [person.real_name, *person.alias_list, person.pseudonym]
    seen: dict[str, str] = {}
    for term in terms:
        term = (term or "").strip()
        if len(term) >= MIN_TERM:
            seen.setdefault(term.lower(), term)
    return list(seen.values())


def filter_entries(qs: QuerySet[Entry], *, agencies: Iterable[int] | None = None,
                   date_from: date | None = None, date_to: date | None = None,
                   person: IdentityEntry | None = None, keyword: str | None = None,
                   significant: bool | None = None) -> QuerySet[Entry]:
    """``qs`` narrowed by whichever filters are given (``None`` or empty: not filtered).

    A partial date is stored as the first day of its month or year, so a month-only entry is
    inside a range that includes the first of that month.
    """
    if agencies:
        qs = qs.filter(agency_id__in=list(agencies))
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    if person is not None:
        terms = person_terms(person)
        if not terms:
            return qs.none()
        q = Q()
        for term in terms:
            q |= _any_field_contains(term)
        qs = qs.filter(q)
    keyword = (keyword or "").strip()
    if keyword:
        qs = qs.filter(_any_field_contains(keyword))
    if significant:
        qs = qs.filter(significance__isnull=False)
    elif significant is False:
        qs = qs.filter(significance__isnull=True)
    return qs
