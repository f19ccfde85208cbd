"""Staff role labels are a short role word and a number, never a job title cut mid-word."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.reviews.role_words import MAX_LENGTH, role_word
from reviewdesk.testing import MakeReview


@pytest.mark.parametrize(("title", "word"), [
    ("Health Visitor", "Health Visitor"),
    ("Specialist Community Public Health Nurse (Health Visitor)", "Health Visitor"),
    ("Senior Social Worker, Children in Care Team", "Social Worker"),
    ("Advanced Practitioner – Social Worker (Court Team)", "Social Worker"),
    ("Team Manager, Assessment and Intervention", "Team Manager"),
    ("Deputy Team Manager", "Team Manager"),
    ("GP Partner, Larkspur Surgery", "GP"),
    ("General Practitioner", "GP"),
    ("Consultant Paediatrician", "Paediatrician"),
    ("Community Midwife", "Midwife"),
    ("school nurse (term-time)", "School Nurse"),
    ("Class teacher, Year 2", "Teacher"),
    ("Deputy Designated Safeguarding Lead and Head of Year 9", "Designated Safeguarding Lead"),
    ("Headteacher", "Head Teacher"),
    ("Police Constable 4512", "Police Officer"),
    ("Detective Constable, Public Protection Unit", "Police Officer"),
    ("Safeguarding lead, ambulance service", "Safeguarding Lead"),
    ("Named Nurse for Safeguarding Children", "Named Nurse"),
    ("Independent reviewer", "Independent Reviewer"),
    ("Independent Domestic Violence Adviser", "Domestic Abuse Adviser"),
    ("Ofsted Inspector", "Ofsted Inspector"),  # not a police rank
    ("Agency author", "Agency Author"),
])
def test_a_job_title_gives_its_short_role_word(title: str, word: str) -> None:
    assert role_word(title) == word


@pytest.mark.parametrize(("title", "word"), [
    ("IT Support (PC) Technician", "IT Support"),
    ("Unit Administrator (PS)", "Unit Administrator"),
    ("Admin support to the DSL", "Admin Support"),
    ("DS, Public Protection Unit", "Detective Sergeant"),
    ("PC 1234", "Police Officer"),
    ("GP", "GP"),
])
def test_an_abbreviation_counts_only_as_the_title_or_its_first_word(title: str, word: str) -> None:
    assert role_word(title) == word


@pytest.mark.parametrize(("title", "word"), [
    ("Specialist Practitioner in Perinatal Mental Health, Kirkvale Community Health NHS Trust",
     "Specialist Practitioner"),
    ("Supervising Officer for Children and Families in Need Services", "Supervising Officer"),
    # Too long: whole words from the end, where the role is, not the place in front of it.
    ("Neighbourhood Policing Team Officer (West Kirkvale)", "Policing Team Officer"),
    ("Kirkvale Hospice Outreach Coordinator", "Hospice Outreach Coordinator"),
    ("Pharmacist", "Pharmacist"),
    ("Antidisestablishmentarianism Coordinator", "Coordinator"),
    ("Antidisestablishmentarianism", "Antidisestablishmentarianism"),  # never cut within a word
])
def test_any_other_title_gives_its_role_in_whole_words(title: str, word: str) -> None:
    assert role_word(title) == word
    words = title.replace("(", " ").replace(",", " ").split()
    n = len(word.split())
    assert word.split() in [words[i:i + n] for i in range(len(words))]  # whole words, in order


def test_a_long_job_title_joins_the_team_as_a_short_role_word_with_a_number(
        make_review: MakeReview, business_manager: User, partnership: Partnership,
        agencies: dict[str, Agency]) -> None:
    review = make_review()
    labels = []
    for key, title in [("amb1", "Safeguarding lead, ambulance service"),
                       ("amb2", "Safeguarding Lead – North West Ambulance Service NHS Trust"),
                       ("pnm", "Specialist Practitioner in Perinatal Mental Health, Kirkvale "
                               "Community Health NHS Trust")]:
        person = User.objects.create_user(f"{key}@example.test", "a-long-test-password",
                                          full_name=f"Person {key}", partnership=partnership,
                                          agency=agencies["health"], job_title=title)
        actions.add_member(review, person, ReviewRole.PRACTITIONER, by=business_manager,
                           started_on=date(2026, 3, 4))
        labels.append(review.identities.get(person=person).pseudonym)
        assert review.identities.get(person=person).role_title == title  # the title is kept
    assert labels == ["Safeguarding Lead 1", "Safeguarding Lead 2", "Specialist Practitioner 1"]
    assert all(len(label) <= MAX_LENGTH + 4 for label in labels)
