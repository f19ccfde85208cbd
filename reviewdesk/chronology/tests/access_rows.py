"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The police's chronology is written by the matrix's agency author: version 1 was imported with a
row left out, its entries and the exclusion's reason naming the child, the mother and the
practitioner, and the file named after the child; the business manager reopened it, so version 2
(a copy of its entries, typed in Review Desk, a draft until it is sent) is being changed. The
health authority has its own author, so the police's author must never open its chronology: its
version 1 is an upload with an error row, waiting to be accepted by the business manager or the
lead reviewer. The matrix proves each page shows the markers only to those who may see them.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.context import as_system
from reviewdesk.chronology import actions, tasks
from reviewdesk.chronology.forms import NOT_IN_FILE
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.lib.chronology_files.columns import COLUMNS
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day
from reviewdesk.versioning import version_name

URL_NAMES = {
    "chronology:overview", "chronology:agency", "chronology:template", "chronology:upload",
    "chronology:add_entry", "chronology:change_entry", "chronology:submission",
    "chronology:submission_status", "chronology:change_mapping", "chronology:accept",
    "chronology:accept_without_errors", "chronology:withdraw", "chronology:reopen",
    "chronology:retry_check",
    "chronology:send",
}

BM, SUBGROUP, LEAD, AUTHOR, ANON = (
    "business_manager", "subgroup_member", "lead_reviewer", "agency_author", "anonymous")

HEADER = ("Date,Time,Source of information,Practitioner role,Event / contact,Action / outcome,"
          "Analysis / comment\n")


def accepted_file(m: dict[str, str]) -> str:
    """The police's file, naming the review's child, mother and practitioner (``ctx.markers``)."""
    return HEADER + (
        f'03/03/2026,10:00,Police log,Police officer,"{m["mother"]} called 999 about '
        f'{m["child"]}.","{m["practitioner"]} was told the same day.",{m["typed"]}\n'
        "31/02/2026,,Police log,Police officer,A visit,,\n")


def waiting_file(m: dict[str, str]) -> str:
    return HEADER + (
        f'04/03/2026,,Police log,Police officer,"{m["child"]} seen at home.",,{m["typed"]}\n'
        "32/03/2026,,Police log,Police officer,A call,,\n")


def rows(ctx: MatrixContext) -> dict:
    review, bm, people, m = ctx.review, ctx.business_manager, ctx.people, ctx.markers
    police = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.POLICE)
    health = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.HEALTH)
    nurse = User.objects.create_user(f"named.nurse.{review.partnership.code.lower()}@example.test",
                                     "x", full_name="Nia Nurse",
                                     partnership=review.partnership, agency=health)
    ChronologyAuthor.objects.filter(review=review).delete()  # the walk's, at the report stage
    for agency, person in [(police, people[AUTHOR]), (health, nurse)]:
        ChronologyAuthor.objects.create(review=review, agency=agency, person=person,
                                        due_on=date(2026, 4, 30), named_on=date(2026, 3, 10),
                                        recorded_by=bm)
    received = date(2026, 3, 20)  # after the authors were named, whatever today is
    with as_system("command import_chronology"):  # as the data team's command imports it
        accepted = actions.import_file(
            review, police, accepted_file(m).encode(), f"{m['child']} police chronology.csv",
            by=None, exclude_error_rows=True,
            exclusion_reason=f"{m['practitioner']} says it is a duplicate.",
            received_on=received, accepted_on=received,
        ).submission
    draft = actions.reopen_chronology(review, police, by=bm, reopened_on=received,
                                       reason=f"{m['mother']} says a call is missing. {m['typed']}")
    waiting = actions.upload_submission(review, health, by=bm, data=waiting_file(m).encode(),
                                         filename=f"{m['child']} health chronology.csv",
                                         received_on=received)
    tasks.run_check(waiting.pk)  # as the worker would (this test's transaction never commits)
    entry = Entry.objects.filter(submission=draft).first()

    def url(name: str, *more: object) -> str:
        return reverse(f"chronology:{name}", args=[review.uuid, *more])

    readers = ctx.review_page({BM, LEAD, SUBGROUP, AUTHOR})
    submitters = ctx.review_page({BM, AUTHOR})
    # Health's pages: the police's author may not see them at all.
    health_submitters = ctx.review_page({BM})
    acceptors = ctx.review_page({BM, LEAD})
    # An agency's author is sent on from the overview to their own agency's page.
    overview = {p: (302 if p == AUTHOR else code)
                for p, code in ctx.review_page({BM, LEAD, SUBGROUP, AUTHOR}).items()}
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == ANON else 405) for p in submitters}
    # Those allowed are sent on: a file with errors to accepting it without them; withdrawing,
    # to the agency's page.
    to_exclusions = {p: (302 if code == 200 else code) for p, code in acceptors.items()}
    withdrawn = {p: (302 if code == 200 else code) for p, code in health_submitters.items()}
    # Sending the police's draft (the copy made on reopening): those allowed are sent back to
    # the agency's page.
    # From publication on, chronologies are closed: the page says so instead.
    closed = ctx.stage in {"publication", "action_plan", "closed"}
    sent = {p: (302 if code == 200 and not closed else code) for p, code in submitters.items()}

    def writable(expected: dict[str, int]) -> dict[str, int]:
        """A valid form: the change is made and those allowed are sent on, until chronologies
        are closed, when the form comes back saying so."""
        return expected if closed else {p: (302 if code == 200 else code)
                                        for p, code in expected.items()}
    v1 = accepted.version

    def police_file() -> dict:
        """A small chronology file, as the upload page sends it (a new file object each time)."""
        data = (HEADER + "05/03/2026,,Police log,Police officer,A call,,\n").encode()
        return {"file": SimpleUploadedFile("police chronology.csv", data, content_type="text/csv"),
                **day("received_on", date(2026, 3, 21))}

    def entry_as_changed() -> dict:
        """The draft's entry changed, with the version its page showed."""
        entry.refresh_from_db()
        return {"date": "03/03/2026", "time": "10:00", "source": "Police log",
                "role": "Police officer", "event": "A call was logged.", "action": "",
                "analysis": "", "version": getattr(entry, version_name(Entry))}

    def mapping_as_shown() -> dict:
        """The waiting upload's columns as the check mapped them, with its edit version."""
        waiting.refresh_from_db()
        mapping = waiting.mapping or {}
        return {**{c.key: NOT_IN_FILE if mapping.get(c.key) is None else str(mapping[c.key])
                   for c in COLUMNS}, "default_source": waiting.default_source,
                "version": getattr(waiting, version_name(Submission))}

    return {
        "chronology:overview": (url("overview"), overview, None),
        "chronology:agency": (url("agency", police.pk), readers, None),
        "chronology:template": (url("template", police.pk, "xlsx"), readers, None),
        "chronology:add_entry": (url("add_entry", police.pk), submitters, writable(submitters),
                                 {"date": "06/03/2026", "source": "Police log",
                                  "role": "Police officer", "event": "A home visit."}),
        "chronology:change_entry": (url("change_entry", police.pk, entry.pk), submitters,
                                    writable(submitters), entry_as_changed),
        # Already reopened: the page says so, and a valid reason is refused with it.
        "chronology:reopen": (url("reopen", police.pk), health_submitters, health_submitters,
                              {"reason": "A call is missing.",
                               **day("reopened_on", date(2026, 3, 22))}),
        "chronology:submission": (url("submission", police.pk, v1), readers, None),
        "chronology:submission_status": (url("submission_status", police.pk, draft.version),
                                         readers, None),
        "chronology:change_mapping": (url("change_mapping", health.pk, waiting.version),
                                      post_only_get, writable(health_submitters),
                                      mapping_as_shown),
        "chronology:accept": (url("accept", health.pk, waiting.version), to_exclusions,
                              to_exclusions, day("accepted_on", date(2026, 3, 22))),
        # Its error row left out, with the reason.
        "chronology:accept_without_errors": (url("accept_without_errors", health.pk,
                                                 waiting.version), acceptors,
                                             writable(acceptors),
                                             {"every_row": "The date cannot be right.",
                                              **day("accepted_on", date(2026, 3, 22))}),
        # Its check finished, so a retry is refused with a message and they are sent back.
        "chronology:retry_check": (url("retry_check", health.pk, waiting.version), post_only_get,
                                   withdrawn, {}),
        # Sends the police's draft (the date received is asked of those who accept; blank for
        # today).
        "chronology:send": (url("send", police.pk), submitters, sent,
                            day("received_on", date(2026, 3, 22))),
        # After the draft is sent: a new file for the police, which those allowed are sent to.
        "chronology:upload": (url("upload", police.pk), submitters, writable(submitters),
                              police_file),
        # Last: a button; the upload was accepted by the row before (so it is refused, with a
        # message), unless chronologies are closed, when it is withdrawn.
        "chronology:withdraw": (url("withdraw", health.pk, waiting.version), post_only_get,
                                withdrawn, {}),
    }


# --- The merged chronology ----------------------------------------------------------------------
# The review's side (business manager, lead reviewer, the review's subgroup member) reads and acts;
# the partnership's other oversight roles read it anonymised only (their pages must show no
# marker: the entries and the file's name hold the child, the mother and the practitioner).
PARTNER, SCRUTINEER, OTHER_SUBGROUP = "partner", "scrutineer", "other_subgroup"
URL_NAMES |= {
    "chronology:merged", "chronology:merged_timeline", "chronology:merged_duplicates",
    "chronology:merged_same_event", "chronology:merged_not_same_event",
    "chronology:merged_mark_significant", "chronology:merged_unmark_significant",
    "chronology:merged_export",
}
_rows_issue_5 = rows


def rows(ctx: MatrixContext) -> dict:  # noqa: F811
    out = _rows_issue_5(ctx)
    review = ctx.review
    entry = Entry.objects.filter(review=review).order_by("pk").first()

    def url(name: str, *more: object) -> str:
        return reverse(f"chronology:{name}", args=[review.uuid, *more])

    readers = ctx.review_page({BM, LEAD, SUBGROUP, PARTNER, SCRUTINEER, OTHER_SUBGROUP})
    actors = ctx.review_page({BM, LEAD, SUBGROUP})
    post_only = {p: (302 if p == ANON else 405) for p in actors}
    # Allowed: the action runs (or is refused with a message) and they are sent back.
    acted = {p: (302 if code == 200 else code) for p, code in actors.items()}
    exported_file = {p: (302 if p in {BM, LEAD, SUBGROUP} and code == 200 else code)
                     for p, code in readers.items()}
    out.update({
        "chronology:merged": (url("merged") + "?view=personalised", readers, None),
        "chronology:merged_timeline": (url("merged_timeline") + "?view=personalised", readers,
                                       None),
        "chronology:merged_duplicates": (url("merged_duplicates"), actors, None),
        # One entry with itself (the merged chronology holds one agency's entries when the rows
        # are made): the reason is valid, the pair is refused by the service with a message.
        "chronology:merged_same_event": (url("merged_same_event", entry.pk, entry.pk),
                                         post_only, acted, {"reason": "The same call."}),
        "chronology:merged_not_same_event": (url("merged_not_same_event", entry.pk, entry.pk),
                                             post_only, acted, {"reason": "Different days."}),
        "chronology:merged_mark_significant": (url("merged_mark_significant", entry.pk)
                                               + "?view=personalised",
                                               actors, acted, {"note": "The first call."}),
        "chronology:merged_unmark_significant": (url("merged_unmark_significant", entry.pk),
                                                 post_only, acted, {}),
        # Asked for personalised: those who may personalise are sent to confirm it's them
        # first; the others get the anonymised file (a forged view changes nothing).
        "chronology:merged_export": (url("merged_export"), post_only, exported_file,
                                     {"format": "csv", "view": "personalised"}),
    })
    return out


# Lists with a text filter, for the matrix's name-oracle test: (url name, query parameter, a word
# the anonymised view shows). A new list with a text filter is covered by adding its line here.
TEXT_FILTERS = [
    ("chronology:merged", "keyword", "999"),
    ("chronology:merged_timeline", "keyword", "999"),
]
