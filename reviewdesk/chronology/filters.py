"""Filters on the merged chronology (issue 6): agency, date range, person, keyword, significant.

Each filter narrows a queryset of entries and keeps its ordering, so the merged page's keyset
pagination works the same filtered or not. A keyword or a person's name is looked for, case
insensitively, in the entry's text fields joined into one (``SearchText``): on PostgreSQL one
trigram GIN index covers exactly that expression (migration 0004), so a rare keyword is found
without reading every row, and an import keeps one index up to date instead of five.

A keyword is found anywhere ("strat" finds "strategy"). A person is found as the identifier
scanner's register matcher knows them (``RegisterMatcher.forms_of``: name, aliases, first name,
own surname, initial and surname…), as whole words only, so "Ian" is not found in "Christian".
Misspellings and bare initials, which the matcher finds one text at a time, are not searched
for across half a million entries: the anonymised view still replaces them.
"""

import re
from collections.abc import Iterable
from datetime import date

from django.db.models import F, Func, Q, QuerySet, TextField
from django.db.models.functions import Upper

from reviewdesk.chronology.models import Entry
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.register_file import entry_as_dict
from reviewdesk.scanner.matcher import RegisterMatcher

# The entry's text fields a keyword or a person's name is looked for in, in the order migration
# 0004's index joins them (a test checks PostgreSQL uses that index for these filters).
TEXT_FIELDS = ("event", "action", "analysis", "source", "role")
# Shorter terms match inside too many words to mean a person ("Al" in "Alarm").
MIN_TERM = 2
# Characters with a meaning in a regular expression, escaped with a backslash in both dialects.
_REGEX_SPECIAL = frozenset(".^$*+?()[]{}|\\-/")


class SearchText(Func):
    """The entry's text fields joined by newlines: a term typed in one line never matches across
    two fields. ``icontains`` on it compares ``UPPER(…)``, the expression migration 0004 indexes."""

    arg_joiner = " || CHR(10) || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(*(F(name) for name in TEXT_FIELDS))

    def as_sqlite(self, compiler, connection, **extra_context):  # noqa: ANN001, ANN003, ANN201
        return self.as_sql(compiler, connection, arg_joiner=" || CHAR(10) || ", **extra_context)


def _any_field_contains(term: str) -> Q:
    return Q(search_text__icontains=term)


def person_terms(person: IdentityEntry) -> list[str]:
    """Every form the register matcher finds the person by (their name, aliases, first name,
    own surname, hyphenated parts, initial and surname; not a surname others in the register
    share), their name and aliases as written, and their pseudonym."""
    register = list(IdentityEntry.objects.filter(review_id=person.review_id)
                    .select_related("agency").order_by("pk"))
    dicts = [entry_as_dict(e) for e in register]
    mine = next((d for e, d in zip(register, dicts, strict=True) if e.pk == person.pk), None)
    forms = RegisterMatcher(dicts).forms_of(mine) if mine is not None else []
    seen: dict[str, str] = {}
    # The name and aliases as written too: the matcher has no literal form for a public
    # person or for a phone number, yet the reader filtering on them expects to find them.
    for term in [*forms, person.real_name, *person.alias_list, person.pseudonym]:
        term = " ".join((term or "").split())
        if len(term) >= MIN_TERM:
            seen.setdefault(term.lower(), term)
    return list(seen.values())


def _as_whole_words(terms: list[str]) -> str:
    """One pattern finding any of ``terms`` as whole words, case aside: any spacing between
    words (a name split over two lines), either apostrophe; never inside another word ("Ian"
    in "Christian"). Written in what PostgreSQL's and Python's regular expressions share
    (SQLite's REGEXP is Python's)."""
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        words = []
        for word in term.split():
            escaped = "".join("\\" + c if c in _REGEX_SPECIAL else c for c in word)
            words.append(re.sub("['’]", "['’]", escaped))
        alternatives.append(r"\s+".join(words))
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def _person_q(terms: list[str]) -> Q:
    # On the upper-cased text, the expression migration 0004 indexes: PostgreSQL finds rare
    # names from the trigram index and estimates common ones from that expression's statistics
    # (on any other expression it guesses a handful of rows and sorts every match to show 50).
    return Q(search_upper__iregex=_as_whole_words(terms))


def filter_entries(qs: QuerySet[Entry], *, agencies: Iterable[int] | None = None,
                   date_from: date | None = None, date_to: date | None = None,
                   person: IdentityEntry | None = None, keyword: str | None = None,
                   significant: bool | None = None) -> QuerySet[Entry]:
    """``qs`` narrowed by whichever filters are given (``None`` or empty: not filtered).

    A partial date is stored as the first day of its month or year, so a month-only entry is
    inside a range that includes the first of that month.
    """
    qs = qs.alias(search_text=SearchText(), search_upper=Upper(SearchText()))
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
        qs = qs.filter(_person_q(terms))
    keyword = (keyword or "").strip()
    if keyword:
        qs = qs.filter(_any_field_contains(keyword))
    if significant:
        qs = qs.filter(significance__isnull=False)
    elif significant is False:
        qs = qs.filter(significance__isnull=True)
    return qs
