"""The demo partnership reads like a real one: its staff share no surname with its families, so
a name on a page never leaves a reader wondering whether a worker is related to the child."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import User
from reviewdesk.commissioning.models import CaseFileCheck, Reviewer
from reviewdesk.reviews.models import IdentityEntry
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
