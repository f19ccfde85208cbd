"""Free text through the one redactor, as each viewer may see it: names in every form people type
them (first name, surname, initials, nickname, typo, possessive, any case), replaced for those who
may not see them, and the same engine behind ``Names.redact`` and the chronology's anonymiser."""

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.chronology.anonymise import Anonymiser
from reviewdesk.reviews import actions, redaction
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names, anonymised

# The conftest review's child is Kayden Moorcroft; the mother and a social worker are added.
TYPED = ("Kayden told Sallie that K.M.'s mum Ashlyn had gone; Kaydn was seen by S.B. and "
         "Ms Quenby spoke to Ms Brackenbury; Bear's school rang. kayden moorcroft was weighed.")
FAMILY_FORMS = ["Kayden", "K.M.", "Ashlyn", "Kaydn", "Quenby", "Bear", "kayden moorcroft"]
STAFF_FORMS = ["Sallie", "S.B.", "Brackenbury"]


@pytest.fixture
def named(review: Review, business_manager: User) -> Review:
    child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    actions.save_identity(review, by=business_manager, entry=child, aliases="Bear")
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                          real_name="Ashlyn Quenby", pseudonym="Mother", role_title="Mother")
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.PROFESSIONAL,
                          real_name="Sallie Brackenbury", pseudonym="Social Worker 1",
                          role_title="Social Worker 1")
    return review


def test_a_pseudonym_only_reader_sees_no_name_in_any_form(named: Review, partner: User) -> None:
    shown = Names(named, partner).redact(TYPED)
    for form in FAMILY_FORMS + STAFF_FORMS:
        assert form not in shown, form
    assert shown.startswith("Child A told Social Worker 1 that Child A's mum Mother had gone;")
    assert "Bear" not in shown and "school rang" in shown


def test_a_family_tier_reader_sees_the_family_but_not_the_staff(named: Review, agency_author: User) -> None:
    shown = Names(named, agency_author).redact(TYPED)
    for form in ["Kayden", "K.M.", "Ashlyn", "Quenby", "Bear"]:
        assert form in shown, form
    for form in STAFF_FORMS:
        assert form not in shown, form


def test_those_who_may_see_everyone_read_the_text_as_written(named: Review, business_manager: User) -> None:
    assert Names(named, business_manager).redact(TYPED) == TYPED


def test_everything_that_leaves_the_partnership_is_anonymised_the_same_way(
        named: Review, partner: User) -> None:
    public = anonymised(named).redact(TYPED)
    assert public == Names(named, partner).redact(TYPED)
    # The chronology's anonymised view is the same engine, word for word.
    assert Anonymiser(named, Names(named, partner)).text(TYPED) == public


def test_the_matcher_is_built_once_per_register_and_again_after_a_change(
        named: Review, partner: User, business_manager: User) -> None:
    redaction._engine.cache_clear()
    Names(named, partner).redact(TYPED)
    Names(named, partner).redact(TYPED)  # another request, the same register
    assert redaction._engine.cache_info().misses == 1
    mother = named.identities.get(real_name="Ashlyn Quenby")
    actions.save_identity(named, by=business_manager, entry=mother, aliases="Ash")
    assert "Ash " not in Names(named, partner).redact("Ash rang the school.")
    assert redaction._engine.cache_info().misses == 2


def test_empty_text_stays_empty(named: Review, partner: User) -> None:
    names = Names(named, partner)
    assert names.redact("") == ""
    assert names.redact(None) == ""
