"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py): a family
member's contact page, its forms and downloads, and the review's letters to the family.

The mother is a family member to approach, with a contact log, a meeting, a written
contribution, consent, a letter and the review's own wording of the first letter: every free-text
field names the family and staff with the review's markers (the letter is addressed to the
mother by her real name). Only the business manager, the lead reviewer and the review's subgroup
member see any of it; the business manager and the lead reviewer record, and alone download a
contribution or a letter. Everyone else who sees the review gets 403, an outsider 404.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.family import actions
from reviewdesk.family.models import FamilyMember
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done, version_of

URL_NAMES = {
    "family:contact_log", "family:record_contact", "family:record_meeting",
    "family:add_contribution", "family:download_contribution", "family:record_consent",
    "family:produce_letter", "family:mark_letter_sent", "family:download_letter",
    "family:letter_templates", "family:letter_template",
}

BM, SUBGROUP, LEAD, ANON = "business_manager", "subgroup_member", "lead_reviewer", "anonymous"
VIEW_FAMILY = {BM, SUBGROUP, LEAD}
MANAGE_FAMILY = {BM, LEAD}


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    mother = review.identities.get(real_name=m["mother"])
    # The family page's own rows may have added her already: one member per identity.
    member, _ = FamilyMember.objects.get_or_create(review=review, identity=mother, defaults={
        "relationship": f"Mother of {m['child']}", "approach": "professional",
        "approach_through": f"{m['practitioner']}, her health visitor",
        "best_placed": m["practitioner"], "language": m["first_language"],
        "interpreter": "spoken", "support_needs": f"{m['typed']}", "created_by": bm})
    actions.record_contact(member, by=bm, kind="attempt", method="letter",
                           note=f"Wrote to {m['mother']} at {m['address']}. {m['typed']}",
                           happened_on=date(2026, 3, 11))
    actions.record_contact(member, by=bm, kind="response", response="agreed_to_meet",
                           in_their_words=f"I want people to know who {m['alias']} was.",
                           through_whom=f"{m['author']}, her advocate",
                           happened_on=date(2026, 3, 12))
    actions.record_meeting(member, by=bm, held_on=date(2026, 3, 13), place=m["address"],
                           interpreter_booked=True, supporter_present=m["author"],
                           notes=f"{m['mother']} spoke about {m['child']}. {m['typed']}")
    contribution = actions.add_contribution(
        member, by=bm, received_on=date(2026, 3, 14),
        description=f"{m['mother']}'s letter about {m['child']}",
        file=f"{m['child']} loved the park. {m['typed']}".encode(),
        filename=f"{m['mother']}.txt")
    actions.record_consent(member, by=bm, use="summarised",
                           note=f"Not to name {m['alias']}'s school. {m['typed']}",
                           given_on=date(2026, 3, 14))
    letter = actions.produce_letter(member, by=bm, kind="reminder")
    template = actions.change_letter_template(
        review, "first", by=bm, body=f"Dear {{name}},\n\nAbout {m['child']}. {m['typed']}")

    def url(name: str, *more: object) -> str:
        return reverse(f"family:{name}", args=[review.uuid, member.pk, *more])

    viewers = ctx.review_page(VIEW_FAMILY)
    managers = ctx.review_page(MANAGE_FAMILY)
    # POST only: a GET is refused before anything is looked up.
    post_only = {p: (302 if p == ANON else 405) for p in viewers}

    def post(name: str, body: object, *more: object) -> tuple:
        return (url(name, *more), post_only, done(managers), body)

    def contribution_form() -> dict:
        return {"contribution-file": SimpleUploadedFile(
                    f"{m['mother']}.txt", f"About {m['child']}. {m['typed']}".encode()),
                "contribution-description": f"{m['mother']}'s second letter",
                **day("contribution-received_on", date(2026, 3, 15))}

    def template_form() -> dict:
        return {"body": f"Dear {{name}},\n\nAbout {m['child']}, again. {m['typed']}",
                "version": version_of(template)}

    templates = reverse("family:letter_templates", args=[review.uuid])
    edit = reverse("family:letter_template", args=[review.uuid, "first"])
    return {
        "family:contact_log": (url("contact_log"), viewers, None),
        "family:record_contact": post("record_contact", {
            "contact-kind": "response", "contact-response": "declined",
            "contact-in_their_words": f"Not without {m['author']}. {m['typed']}",
            "contact-through_whom": m["practitioner"],
            **day("contact-happened_on", date(2026, 3, 16))}),
        "family:record_meeting": post("record_meeting", {
            **day("meeting-held_on", date(2026, 3, 16)), "meeting-place": m["address"],
            "meeting-interpreter_booked": "on", "meeting-supporter_present": m["author"],
            "meeting-notes": f"{m['mother']} and {m['child']}. {m['typed']}"}),
        "family:add_contribution": post("add_contribution", contribution_form),
        "family:download_contribution": (url("download_contribution", contribution.pk),
                                         managers, None),
        "family:record_consent": post("record_consent", {
            "consent-use": "quoted", "consent-note": f"Call him {m['alias']}. {m['typed']}",
            **day("consent-given_on", date(2026, 3, 16))}),
        "family:produce_letter": post("produce_letter", {"letter-kind": "first"}),
        "family:mark_letter_sent": post("mark_letter_sent", day(
            f"sent-{letter.pk}-sent_on", timezone.localdate()), letter.pk),  # the day it was made
        "family:download_letter": (url("download_letter", letter.pk, "pdf"), managers, None),
        "family:letter_templates": (templates, viewers, None),
        "family:letter_template": (edit, managers, done(managers), template_form),
    }
