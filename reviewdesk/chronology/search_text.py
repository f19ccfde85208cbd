"""The anonymised search text: what a reader of the anonymised view searches.

A filter that reads the real text while the page shows pseudonyms is a name oracle: typing
"Zor", "Zorb", "Zorbe"… and watching the count recovers a hidden name a letter at a time. So the
keyword and person filters of the anonymised view read each entry's text fields *as that view
shows them*, stored in ``AnonymisedText`` (one row per current entry, the five fields joined as
``filters.SearchText`` joins the real ones, a trigram GIN index on PostgreSQL).

There is one stored text, not one per tier. The merged chronology has two views: the
personalised one, open only to readers who may see every identity (``Tier.ALL``: the business
manager, the review's lead reviewers and subgroup members), whose filters read the real text;
and the anonymised one (everyone else, and anyone who chooses it), in which every registered
identity that is not public is replaced. Agency authors and practitioners (``Tier.FAMILY``, who
see the family but not staff) never reach the merged chronology; should a view ever hide only
some identities, its filters read the anonymised text, which shows less than that view, never
more.

The text is keyed to a version of the review's identity register (``SearchRegister``): a
fingerprint of everything the anonymiser hides (each hidden entry as the matcher reads it, and
``ANONYMISER_VERSION``) decides whether the register changed, whoever changed it and however
(a form, a register file, the admin, an agency renamed). Each accepted submission records the
version its entries were built at (``AnonymisedSubmission``). Until every current entry is
built at the register's version, a search in the anonymised view answers "being updated" and
queues a rebuild (``tasks.request_rebuild``) rather than read stale text; accepting a chronology
and every change to the register queue one at once (actions, apps.py).
"""

import hashlib
import json

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from reviewdesk.chronology.anonymise import Anonymiser
from reviewdesk.chronology.filters import FIELD_SEPARATOR, TEXT_FIELDS
from reviewdesk.chronology.models import (
    AnonymisedSubmission,
    AnonymisedText,
    Entry,
    SearchRegister,
    Submission,
)
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names

# Bump when the anonymiser or the register matcher changes what it replaces: every review's
# stored text is then rebuilt, as after a change to its register.
ANONYMISER_VERSION = 2
# Entries anonymised and written per batch (bounded memory for a 50,000-row chronology).
BATCH = 2000
SEPARATOR = chr(FIELD_SEPARATOR)


def anonymised_view(review: Review) -> Anonymiser:
    """The anonymised view's anonymiser, the same whoever reads it: every identity that is not
    public is replaced (the reader's own name too)."""
    entries = list(IdentityEntry.objects.filter(review=review).select_related("agency"))
    return Anonymiser(review, Names(review, None, entries=entries), personalised=False)


def fingerprint(anon: Anonymiser) -> str:
    """What the anonymised text depends on: the hidden entries as the matcher reads them."""
    data = {"anonymiser": ANONYMISER_VERSION,
            "entries": [[e.pk, d] for e, d in zip(anon.hidden, anon.register, strict=True)]}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def register_state(review_id: int) -> SearchRegister:
    try:
        return SearchRegister.objects.get_or_create(review_id=review_id)[0]
    except IntegrityError:  # created by another request a moment ago
        return SearchRegister.objects.get(review_id=review_id)


def register_version(review: Review, anon: Anonymiser) -> int | None:
    """The register version that text anonymised by ``anon`` belongs to: the current one if
    the register is unchanged, a new one (bumped here, atomically) if it changed. None if the
    register keeps changing under us (the caller treats it as "being updated")."""
    mine = fingerprint(anon)
    for _attempt in range(3):
        state = register_state(review.pk)
        if state.fingerprint == mine:
            return state.version
        if SearchRegister.objects.filter(pk=review.pk, version=state.version).update(
                version=state.version + 1, fingerprint=mine):
            return state.version + 1
    return None


def stale_submissions(review: Review, version: int) -> QuerySet[Submission]:
    """The review's accepted submissions whose entries are not built at ``version``."""
    built = AnonymisedSubmission.objects.filter(submission=OuterRef("pk"),
                                                register_version=version)
    return Submission.objects.filter(review=review, status=Submission.Status.ACCEPTED).filter(
        ~Exists(built))


def is_built(review: Review, anon: Anonymiser) -> bool:
    version = register_version(review, anon)
    return version is not None and not stale_submissions(review, version).exists()


def anonymised_fields(anon: Anonymiser, values: tuple[str, ...]) -> str:
    """The fields as the anonymised view shows each (``Anonymiser.text`` field by field, exactly
    as the page renders them), joined as ``filters.SearchText`` joins the real ones."""
    return SEPARATOR.join(anon.text(v) for v in values)


def _build_submission(review: Review, submission_id: int, anon: Anonymiser, version: int) -> int:
    """Anonymise one submission's entries and store them as built at ``version``; nothing is
    stored if the register moved on meanwhile (the newer version's rebuild does it)."""
    rows = (Entry.objects.filter(submission_id=submission_id).order_by("pk")
            .values_list("pk", *TEXT_FIELDS))
    texts = [AnonymisedText(entry_id=pk, text=anonymised_fields(anon, values))
             for pk, *values in rows.iterator(chunk_size=BATCH)]
    with transaction.atomic():
        # Holding the register's version row: a bump waits until this is stored, so text is
        # never marked as built at a version whose register it was not anonymised with.
        if not SearchRegister.objects.select_for_update().filter(pk=review.pk,
                                                                 version=version).exists():
            return 0
        AnonymisedText.objects.filter(entry__submission_id=submission_id).delete()
        AnonymisedText.objects.bulk_create(texts, batch_size=BATCH)
        AnonymisedSubmission.objects.update_or_create(
            submission_id=submission_id, defaults={"register_version": version})
    return len(texts)


def rebuild(review_id: int) -> int:
    """Build the anonymised text of every current entry not built at the register's version;
    again if the register changed meanwhile. The number of entries written."""
    review = Review.objects.get(pk=review_id)
    written = 0
    for _round in range(10):
        anon = anonymised_view(review)
        version = register_version(review, anon)
        stale = (list(stale_submissions(review, version).values_list("pk", flat=True))
                 if version is not None else [])
        if version is not None and not stale:
            break
        for submission_id in stale:
            written += _build_submission(review, submission_id, anon, version)
    if written and connection.vendor == "postgresql":
        # The anonymised view's plan for a person or keyword rests on how common the words are
        # in this text: without fresh statistics PostgreSQL took a pseudonym in 150,000 of
        # 500,000 entries for a rare one and sorted them all (6.6 s, not 40 ms a page).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {AnonymisedText._meta.db_table}")
    SearchRegister.objects.filter(pk=review_id).update(queued_at=None)
    return written
