"""Entries the reviewer marks as significant: the key practice episodes, each with a note.

The audit rows hold ids and whether the note changed, never the note: it is the reviewer's
analysis of the family's story.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.chronology.models import Entry, Significance, Submission
from reviewdesk.reviews.models import Review


def _current(review: Review, entry: Entry) -> Entry:
    found = (Entry.objects.select_for_update()
             .filter(pk=entry.pk, review=review, submission__status=Submission.Status.ACCEPTED)
             .first())
    if found is None:
        raise ValidationError("Only entries of this review's current chronology can be marked.")
    return found


def mark_significant(review: Review, entry: Entry, *, by: User, note: str = "") -> Significance:
    """Mark an entry significant, or change the note of one already marked."""
    note = note.strip()
    with transaction.atomic():
        entry = _current(review, entry)
        mark = Significance.objects.filter(entry=entry).first()
        created = mark is None
        note_changed = created or mark.note != note
        if created:
            mark = Significance.objects.create(review=review, entry=entry, note=note, marked_by=by)
        else:
            mark.note, mark.marked_by = note, by
            mark.save()
        record("chronology.entry_marked_significant", actor=by, review=review,
               summary=("Marked a chronology entry as significant" if created
                        else "Changed the note on a significant chronology entry"),
               data={"entry": entry.pk, "significance": mark.pk, "created": created,
                     "note_changed": note_changed, "has_note": bool(note)})
    return mark


def unmark_significant(review: Review, entry: Entry, *, by: User) -> bool:
    """Remove the mark (and its note). Returns False, writing nothing, when it was not marked."""
    with transaction.atomic():
        entry = _current(review, entry)
        mark = Significance.objects.filter(entry=entry).first()
        if mark is None:
            return False
        mark_id = mark.pk
        mark.delete()
        record("chronology.entry_unmarked_significant", actor=by, review=review,
               summary="Removed the significant mark from a chronology entry",
               data={"entry": entry.pk, "significance": mark_id})
    return True
