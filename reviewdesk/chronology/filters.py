"""Filters on the merged chronology: agency, date range, person, keyword, significant.

Each filter narrows a queryset of entries and keeps its ordering, so the merged page's keyset
pagination works the same filtered or not. A keyword or a person's name is looked for in the
entry's text fields joined into one (``SearchText``), with one regular expression each: on
PostgreSQL one trigram GIN index covers exactly that expression (migration 0004), so a rare
keyword or name is found from the index, PostgreSQL estimates a common one from the index's
statistics, and an import keeps one index up to date instead of five.

A keyword is found anywhere, in any case ("strat" finds "Strategy"). A person is found as the
identifier scanner's register matcher finds them (``RegisterMatcher.forms_of``: name, aliases,
first name, own surname, initial and surname…): as whole words, any spacing between words, and
— as the matcher requires — starting with a capital, so "young" and "grace" in ordinary
sentences are not Grace Young, and a reader of the anonymised view, where only what the matcher
replaces is hidden, never gets entries picked out by a word they can still read. A month name
next to a day or a year is a date, not the aunt called June. Their pseudonym or role label is
found in any case ("the mother"). Misspellings and bare initials, which the matcher finds one
text at a time, are not searched for across half a million entries.

In the anonymised view (``anonymised=True``) both filters read the entry's text as that view
shows it (``AnonymisedText``, search_text.py), never the real text: the keyword as typed, a
person by what the view shows of them (a hidden person by their pseudonym or role label, a
public one by their name). Otherwise typing part of a hidden name and watching the count would
recover it a letter at a time.

The patterns are written in what PostgreSQL's and Python's regular expressions share (SQLite's
REGEXP is Python's); on PostgreSQL the database needs a UTF-8 locale (``C.UTF-8``, ``en_GB.UTF-8``)
for ``\\w`` to know accented letters, as the README says.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, QuerySet, TextField
from django.db.models.sql.compiler import SQLCompiler

from reviewdesk.chronology.models import Entry
from reviewdesk.lib.scanner.matcher import MONTH_WORDS, RegisterMatcher
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.register_file import entry_as_dict

# The entry's text fields a keyword or a person's name is looked for in, in the order migration
# 0004's index joins them (a test checks PostgreSQL uses that index for these filters).
TEXT_FIELDS = ("event", "action", "analysis", "source", "role")
# Between two fields: a control character (start of heading) that is neither a space nor part
# of a word, in PostgreSQL or Python (which counts the separators 28–31 as spaces), so no
# keyword or name is ever found across two fields.
FIELD_SEPARATOR = 1
# A person's shorter forms ("Ed", "Jo") are not searched for on their own: they are found inside
# too many other words' spellings, and PostgreSQL's trigram index cannot narrow them down.
MIN_FORM = 3
# Characters with a meaning in a regular expression, escaped with a backslash in both dialects.
_REGEX_SPECIAL = frozenset(".^$*+?()[]{}|\\-/#")


class SearchText(Func):
    """The entry's text fields joined by ``FIELD_SEPARATOR``: the expression migration 0004
    indexes, which the keyword and person filters compare."""

    arg_joiner = f" || CHR({FIELD_SEPARATOR}) || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(*(F(name) for name in TEXT_FIELDS))

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
                  **extra_context: Any) -> tuple[str, tuple[str | int, ...]]:
        return self.as_sql(compiler, connection, arg_joiner=f" || CHAR({FIELD_SEPARATOR}) || ",
                           **extra_context)


@dataclass
class PersonForms:
    """How a register entry may be written in a chronology."""

    names: list[str] = field(default_factory=list)  # written with a capital first letter
    any_case: list[str] = field(default_factory=list)  # pseudonym, role label, identifiers

    def __bool__(self) -> bool:
        return bool(self.names or self.any_case)


def person_forms(person: IdentityEntry) -> PersonForms:
    """Every form the register matcher finds the person by (their name, aliases, first name,
    own surname, hyphenated parts, initial and surname; not a surname others in the register
    share), their name and aliases as written, and their pseudonym."""
    register = list(IdentityEntry.objects.filter(review_id=person.review_id)
                    .select_related("agency").order_by("pk"))
    dicts = [entry_as_dict(e) for e in register]
    mine = next((d for e, d in zip(register, dicts, strict=True) if e.pk == person.pk), None)
    # The name and aliases as written too: the matcher has no literal form for a public person
    # or a phone number, yet the reader filtering on them expects to find them.
    names = [*(RegisterMatcher(dicts).forms_of(mine) if mine is not None else []),
             person.real_name, *person.alias_list]
    return _forms(person, names)


def _forms(person: IdentityEntry, names: list[str]) -> PersonForms:
    """``names`` (and the pseudonym) as forms to look for, shorter ones left out."""
    forms, seen = PersonForms(), set()
    # Identifiers (e-mail addresses, vehicle registrations) are matched in any case, as the
    # matcher does; a name only with a capital.
    name_list = forms.any_case if person.kind == IdentityEntry.Kind.IDENTIFIER else forms.names
    for form, into in [*((n, name_list) for n in names), (person.pseudonym, forms.any_case)]:
        form = " ".join((form or "").split())
        if len(form) >= MIN_FORM and form.lower() not in seen:
            seen.add(form.lower())
            into.append(form)
    return forms


def _letter(c: str, *, capital: bool = False) -> str:
    upper, lower = c.upper(), c.lower()
    if capital and len(upper) == 1 and upper != lower:
        return upper
    if len(upper) == 1 and len(lower) == 1 and upper != lower:
        return f"[{lower}{upper}]"
    return "\\" + c if c in _REGEX_SPECIAL else c


def _written(form: str, *, capital: bool) -> str:
    """``form`` as a pattern: any case (but a capital first letter if ``capital``), any spacing
    between its words (a name split over two lines), either apostrophe."""
    words, first = [], capital
    for word in form.split():
        out = []
        for c in word:
            if c in "'’":
                out.append("['’]")
            else:
                out.append(_letter(c, capital=first and c.isalpha()))
                first = first and not c.isalpha()
        words.append("".join(out))
    pattern = r"\s+".join(words)
    if form.lower() in MONTH_WORDS:  # "3 June 2024", "June 2024": a date, not June the aunt
        pattern = rf"(?<!\d\s){pattern}(?!['’]?s?,?\s+\d)"
    return pattern


def person_pattern(forms: PersonForms) -> str:
    """One pattern finding any of the forms as whole words, never inside another word ("Ian" in
    "Christian"), compared case-sensitively (the case rules are in the pattern)."""
    alternatives = [_written(f, capital=True) for f in forms.names]
    alternatives += [_written(f, capital=False) for f in forms.any_case]
    alternatives.sort(key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def anonymised_person_forms(person: IdentityEntry) -> PersonForms:
    """How the anonymised view shows a person: a hidden one (not public) only by their pseudonym
    or role label, which is what replaced each of their names; a public one by their name and
    aliases as written (and pseudonym)."""
    if person.is_public:
        # Their own name and aliases as written (the matcher derives no forms for a public
        # person), never anything read from the rest of the register, which the reader may
        # not see.
        return _forms(person, [person.real_name, *person.alias_list])
    pseudonym = " ".join((person.pseudonym or "").split())
    return PersonForms(any_case=[pseudonym] if len(pseudonym) >= MIN_FORM else [])


def keyword_pattern(keyword: str) -> str:
    """The keyword as typed, found anywhere, compared case-insensitively."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in keyword)


def filter_entries(qs: QuerySet[Entry], *, agencies: Iterable[int] | None = None,
                   date_from: date | None = None, date_to: date | None = None,
                   person: IdentityEntry | None = None, keyword: str | None = None,
                   significant: bool | None = None, anonymised: bool = False
                   ) -> QuerySet[Entry]:
    """``qs`` narrowed by whichever filters are given (``None`` or empty: not filtered).

    ``anonymised``: the person and keyword are looked for in the anonymised text (the caller
    checks it is built: ``search_text.is_built``), an entry without it is never found.

    A partial date is stored as the first day of its month or year, so a month-only entry is
    inside a range that includes the first of that month.
    """
    keyword = (keyword or "").strip()
    text = "anonymised__text" if anonymised else "search_text"
    if not anonymised:
        qs = qs.alias(search_text=SearchText())
    if agencies:
        qs = qs.filter(agency_id__in=list(agencies))
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    if person is not None:
        forms = anonymised_person_forms(person) if anonymised else person_forms(person)
        if not forms:
            return qs.none()
        qs = qs.filter(**{f"{text}__regex": person_pattern(forms)})
    if keyword:
        qs = qs.filter(**{f"{text}__iregex": keyword_pattern(keyword)})
    if significant:
        qs = qs.filter(significance__isnull=False)
    elif significant is False:
        qs = qs.filter(significance__isnull=True)
    return qs
