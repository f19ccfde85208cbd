"""Similar reviews: from free text or from a review, the partnership's other reviews and
findings most alike, explained by shared themes and words; pseudonymised text only, and only
reviews the viewer may see."""

from django.db import connection
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding
from reviewdesk.learning import search
from reviewdesk.learning.models import SearchDocument
from reviewdesk.learning.tests.conftest import BABY, Learned
from reviewdesk.reviews.models import Stage
from reviewdesk.testing import ClientFor

DROWNING = (("The school did not know the child could not swim, and no one shared the pool "
             "risk assessment.", ("Information sharing",)),)


def test_the_index_holds_pseudonyms_only(learned_review: Learned) -> None:
    review = learned_review(findings=((f"{BABY} had bruises that {BABY.split()[0]}'s health "
                                       "visitor saw.", ("Non-accidental injury",)),))
    texts = " ".join(SearchDocument.objects.filter(review=review).values_list("text", flat=True))
    assert "Tobias" not in texts and "Wrenfield" not in texts
    assert "Child A had bruises" in texts


def test_free_text_finds_the_review_with_those_words(
        client_for: ClientFor, learned_review: Learned, partner: User) -> None:
    bruised = learned_review()
    learned_review("Dora Lake", findings=DROWNING, recommendations=())
    page = client_for(partner).get(reverse("learning:similar"),
                                   {"q": "bruises on a baby who is not yet mobile"}
                                   ).content.decode()
    assert reverse("reviews:review", args=[bruised.uuid]) in page
    assert "uses the words" in page and "bruising" in page
    assert "Dora Lake" not in page and BABY not in page


def test_from_a_review_shared_themes_and_words_explain_the_result(
        client_for: ClientFor, learned_review: Learned, partner: User) -> None:
    first = learned_review(review_themes=("Voice of the child",))
    second = learned_review("Eli Marsh", findings=(
        ("A health visitor saw bruising on the baby and did not refer.",
         ("Non-accidental injury",)),))
    learned_review("Dora Lake", findings=DROWNING, recommendations=())
    results, terms, themes = search.similar(partner, review=first)
    assert results[0].review == second and first not in [r.review for r in results]
    assert "Non-accidental injury" in results[0].shared_themes
    assert "bruising" in results[0].shared_terms
    assert "Non-accidental injury" in themes
    page = client_for(partner).get(reverse("learning:similar_to_review", args=[first.uuid]))
    assert page.status_code == 200
    assert "shares the theme Non-accidental injury" in page.content.decode()
    # The review page links to it.
    review_page = client_for(partner).get(reverse("reviews:review", args=[first.uuid]))
    assert reverse("learning:similar_to_review", args=[first.uuid]) in review_page.content.decode()


def test_a_review_the_viewer_may_not_see_is_never_a_result(
        client_for: ClientFor, learned_review: Learned, executive: User, partner: User) -> None:
    early = learned_review("Fay Hill", stage=Stage.CHRONOLOGY)
    learned_review("Gus Hill", stage=Stage.ACTION_PLAN)
    found = {r.review for r in search.similar(partner, text="bruising baby")[0]}
    assert early in found
    theirs = {r.review for r in search.similar(executive, text="bruising baby")[0]}
    assert early not in theirs and len(theirs) == 1
    assert client_for(executive).get(reverse("learning:similar_to_review", args=[early.uuid])
                                     ).status_code == 404


def test_a_changed_finding_is_reindexed(learned_review: Learned, business_manager: User
                                        ) -> None:
    review = learned_review()
    finding = Finding.objects.get(review=review)
    finding.text = "The trampoline was not supervised."
    finding.save()
    assert SearchDocument.objects.filter(review=review, text__contains="trampoline").exists()


def test_only_common_words_are_refused_saying_so(client_for: ClientFor, partner: User) -> None:
    page = client_for(partner).get(reverse("learning:similar"), {"q": "the review"})
    assert "There is a problem" in page.content.decode()
    assert "not only common words" in page.content.decode()


def test_a_misspelling_still_finds_on_postgresql(learned_review: Learned, partner: User) -> None:
    bruised = learned_review()
    if connection.vendor != "postgresql":
        return  # the trigram fallback is PostgreSQL's; SQLite's FTS5 stems, no fuzzy match
    found = [r.review for r in search.similar(partner, text="bruisng")[0]]
    assert found == [bruised]


def test_apostrophes_hyphens_and_search_syntax_are_only_words(learned_review: Learned,
                                                              partner: User) -> None:
    bruised = learned_review()
    for text in ("the non-mobile baby's bruises", 'bruising" OR NEAR(x', "bruising & !baby |"):
        assert [r.review for r in search.similar(partner, text=text)[0]] == [bruised], text
