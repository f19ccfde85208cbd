"""`manage.py load_scale_data`: the load test's data, made by the app's own code, the same for the
same arguments, and safe to run twice (a second run adds only what is missing)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.verify import verify_chain
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import STAGE_ORDER, IdentityEntry, Review, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.log"


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_scale_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {"reviews": list(Review.objects.order_by("pk").values_list("reference", "stage")),
            "entries": Entry.objects.count(), "register": IdentityEntry.objects.count(),
            "notices": Notice.objects.count(), "audit": AuditEvent.objects.count()}


def test_reviews_at_their_stages_with_registers_chronologies_notices_and_audit():
    said = load("--partnerships", "2", "--reviews", "7", "--entries", "30-60", "--seed", "4")

    assert list(Partnership.objects.order_by("code").values_list("code", flat=True)) == [
        "SC1", "SC2"]
    assert Counter(Review.objects.values_list("partnership__code", flat=True)) == {
        "SC1": 4, "SC2": 3}
    assert User.objects.filter(email="school.author.2@scale.reviewdesk.invalid").exists()
    chronology_from = STAGE_ORDER.index(Stage.CHRONOLOGY)
    for review in Review.objects.all():
        # Opened by record_incident: a reference, the child, the clocks, the audit trail.
        assert review.reference.startswith(review.partnership.code)
        assert review.clocks.exists()
        assert {"Mother", "Father"} <= set(review.identities.values_list("pseudonym", flat=True))
        assert Notice.objects.filter(review=review).count() == 1
        entries = Entry.objects.filter(review=review).count()
        if STAGE_ORDER.index(review.stage) >= chronology_from and review.stage != Stage.CLOSED:
            # Three agencies' files imported and accepted, the school's author still waiting.
            assert 30 <= entries <= 60
            assert Submission.objects.filter(review=review,
                                             status=Submission.Status.ACCEPTED).count() == 3
            assert ChronologyAuthor.objects.filter(review=review).count() == 4
        elif STAGE_ORDER.index(review.stage) < chronology_from:
            assert entries == 0
    assert Entry.objects.exists(), "no review at the chronology stage or after: change the seed"
    # Each agency's file imported through the data team's import, audited as such.
    assert AuditEvent.objects.filter(event_type="chronology.file_imported").count() == \
        Submission.objects.count()
    assert not verify_chain().problems
    assert "rows made" in said and "7 reviews in the database" in said


def test_the_same_arguments_make_the_same_data_and_a_second_run_adds_nothing():
    load("--partnerships", "2", "--reviews", "4", "--entries", "10-20", "--seed", "9")
    first = snapshot()

    said = load("--partnerships", "2", "--reviews", "4", "--entries", "10-20", "--seed", "9")

    assert snapshot() == first
    assert said.startswith("  Scaleshire 1") and "0 rows made" in said


def test_a_larger_run_keeps_what_is_there_and_adds_the_rest():
    load("--partnerships", "1", "--reviews", "2", "--entries", "10-20", "--seed", "5")
    before = list(Review.objects.order_by("pk").values_list("reference", "stage"))

    load("--partnerships", "1", "--reviews", "4", "--entries", "10-20", "--seed", "5")

    after = list(Review.objects.order_by("pk").values_list("reference", "stage"))
    assert after[:2] == before and len(after) == 4


@pytest.mark.parametrize(("args", "message"), [
    (["--entries", "many"], "--entries 'many' is not a number or a range"),
    (["--entries", "50-10"], "give a range from low to high"),
    (["--partnerships", "0"], "Give --partnerships from 1 to 500"),
    (["--only", "7"], "--only: give numbers from 1 to 5"),
    (["--only", "one"], "give partnership numbers separated by commas"),
])
def test_bad_arguments_are_refused_with_what_to_give_and_nothing_made(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        load(*args)
    assert not Partnership.objects.exists()


def test_never_on_a_live_service(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never runs on a live service"):
        load("--partnerships", "1", "--reviews", "1")
    assert not Partnership.objects.exists()
