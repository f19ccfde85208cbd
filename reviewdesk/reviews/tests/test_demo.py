"""The demo partnership reads like a real one: its staff share no surname with its families, so
a name on a page never leaves a reader wondering whether a worker is related to the child; each
child's story fits their age; and the README's sign-ins are the ones ``load_demo`` prints."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from reviewdesk.accounts.models import Agency, User
from reviewdesk.commissioning.models import CaseFileCheck, Reviewer
from reviewdesk.learning.demo import HISTORY
from reviewdesk.reviews.demo_stories import CASES, born_before, years_old
from reviewdesk.reviews.management.commands import load_demo
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import TodayIs

pytestmark = pytest.mark.django_db

FAMILY = [IdentityEntry.Kind.CHILD, IdentityEntry.Kind.FAMILY, IdentityEntry.Kind.OTHER_PERSON]


def surname(name: str) -> str:
    return name.split()[-1].lower()


def test_the_demo_s_staff_share_no_surname_with_any_family_in_its_reviews(today_is: TodayIs) -> None:
    today_is(date(2026, 6, 15))
    call_command("load_demo", stdout=io.StringIO())
    staff = ([u.full_name for u in User.objects.all()]
             + list(Reviewer.objects.values_list("full_name", flat=True))
             + [n for n in CaseFileCheck.objects.values_list("confirmed_by_name", flat=True) if n]
             + list(IdentityEntry.objects.filter(kind=IdentityEntry.Kind.PROFESSIONAL)
                    .values_list("real_name", flat=True)))
    surnames = {surname(name): name for name in staff}
    family = list(IdentityEntry.objects.filter(kind__in=FAMILY).select_related("review"))
    assert len(family) >= 24  # every review's child and mother
    clashes = [(entry.review.reference, entry.real_name, surnames[part])
               for entry in family
               for part in re.split(r"[\s-]+", entry.real_name.lower()) if part in surnames]
    assert clashes == []


# Words that say how old a child is, and the ages (in whole years at the incident) they fit.
AGE_WORDS = [
    (r"\b(baby|babies|infant)\b", range(0, 2)),
    (r"\byoung child\b", range(0, 5)),
    (r"\bnursery\b", range(0, 5)),
    (r"\bteenager\b", range(13, 18)),
    (r"\b(school|teacher)\b", range(4, 18)),
]


def texts_about(review: Review) -> list[str]:
    """Everything the demo wrote on a review: every text of every record that belongs to it."""
    found = []
    for model in apps.get_models():
        review_field = next((f for f in model._meta.fields if f.name == "review"
                             and getattr(f, "related_model", None) is Review), None)
        if review_field is None:
            continue
        text_fields = [f.name for f in model._meta.fields
                       if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        for values in model._default_manager.filter(review=review).values_list(*text_fields):
            found += [value for value in values if isinstance(value, str) and value]
    return found


def test_each_demo_child_s_story_fits_their_age(today_is: TodayIs) -> None:
    today_is(date(2026, 6, 15))
    call_command("load_demo", stdout=io.StringIO())
    agencies = list(Agency.objects.values_list("name", flat=True))
    # The stories' reviews first; then the learning demo's reviews of the past two years, each
    # with its own child and story (reviewdesk.learning.demo).
    reviews = list(Review.objects.order_by("pk"))
    assert len(reviews) == len(CASES) + len(HISTORY)
    reviews = reviews[:len(CASES)]
    misfits = []
    for review, (name, (years, _months), _looked_after, story) in zip(reviews, CASES,
                                                                      strict=True):
        age = years_old(review)
        # The age is the one the story was written for, worked out from the dates recorded.
        assert age is not None and age in {years, years - 1}, (name, age)
        assert story.summary in review.incidents.get().summary
        for text in texts_about(review):
            for agency in agencies:  # "Kirkvale Schools and Learning" is no child's school
                text = text.replace(agency, "")
            for pattern, ages in AGE_WORDS:
                if re.search(pattern, text, re.I) and age not in ages:
                    misfits.append(f"{name} ({age}): {text[:100]!r}")
    assert misfits == []


def test_a_date_of_birth_is_worked_out_from_the_age() -> None:
    assert born_before(date(2026, 6, 15), 0, 4) == date(2026, 2, 15)
    assert born_before(date(2026, 3, 31), 1, 1) == date(2025, 2, 28)
    assert born_before(date(2026, 1, 10), 16, 5) == date(2009, 8, 10)


README = Path(settings.BASE_DIR) / "README.md"


def readme_sign_ins() -> tuple[str, list[str]]:
    """The README's demo password and the addresses in its table of sign-ins ("…" stands for
    the demo's domain)."""
    text = README.read_text()
    password = re.search(r"every demo password is `([^`]+)`", text)
    assert password, "The README no longer gives the demo password"
    table = text[text.index("| sign in as |"):]
    table = table[:table.index("\n\n")]
    addresses = [address.replace("…", load_demo.DOMAIN)
                 for row in table.splitlines()[2:]
                 for address in re.findall(r"`([^`]+@[^`]+)`", row.split("|")[1])]
    return password.group(1), addresses


def test_the_readme_lists_exactly_the_sign_ins_load_demo_prints() -> None:
    out = io.StringIO()
    command = load_demo.Command(stdout=out)
    command._print_sign_ins()
    printed = out.getvalue()
    printed_addresses = re.findall(r"^  (\S+@\S+)", printed, re.M)
    password, addresses = readme_sign_ins()
    assert f"every password is {password}" in printed
    assert addresses == printed_addresses
    # Another port, as the Makefile allows.
    assert "make run PORT=8001" in README.read_text()
    assert "PORT ?= 8000" in (Path(settings.BASE_DIR) / "Makefile").read_text()
