"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py). The failed
notice is sent again (a button), and the template saved as it is, with the version its page
showed."""

from django.urls import reverse

from reviewdesk.notices.defaults import ensure_default_templates
from reviewdesk.notices.models import Notice, NoticeTemplate
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {"notices:review_notices", "notices:notice", "notices:retry", "notices:templates",
             "notices:edit_template"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "lead_reviewer")


def rows(ctx: MatrixContext) -> dict:
    review = ctx.review
    notice = Notice.objects.create(
        partnership_id=review.partnership_id, review=review, purpose="test",
        dedupe_key=f"matrix:{review.pk}", recipient_label="Ofsted", recipients=["x@example.test"],
        subject=f"{review.reference}: a notice", body=f"Child A. {ctx.markers['typed']}",
        status=Notice.Status.FAILED,
        last_error="Connection refused")
    # A notice to a person greets them by name: only those who may see staff identities see it.
    practitioner = ctx.people["practitioner"]
    Notice.objects.create(
        partnership_id=review.partnership_id, review=review, purpose="test",
        dedupe_key=f"matrix:{review.pk}:person", recipient_label=practitioner.full_name,
        recipients=[practitioner.email], subject=f"{review.reference}: for {practitioner.full_name}",
        body=f"Dear {practitioner.full_name},", status=Notice.Status.SENT)
    def template_as_it_is() -> dict:
        """The template's form as its page sends it: unchanged, with the version it showed."""
        ensure_default_templates(review.partnership_id)
        template = NoticeTemplate.objects.get(partnership_id=review.partnership_id,
                                              key="task_reminder")
        return {"subject": template.subject, "body": template.body, "version": template.version}

    readers = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}
    retry_post = {p: (302 if p == BM else code) for p, code in ctx.review_page({BM}).items()}
    # POST only: a GET is refused before anything is looked up.
    retry_get = {p: (302 if p == "anonymous" else 405) for p in ctx.review_page({BM})}
    return {
        "notices:review_notices": (reverse("notices:review_notices", args=[review.uuid]),
                                   ctx.review_page(readers), None),
        "notices:notice": (reverse("notices:notice", args=[review.uuid, notice.uuid]),
                           ctx.review_page(readers), None),
        # A button: the failed notice is queued again.
        "notices:retry": (reverse("notices:retry", args=[review.uuid, notice.uuid]),
                          retry_get, retry_post, {}),
        "notices:templates": (reverse("notices:templates"), ctx.partnership_page({BM}), None),
        "notices:edit_template": (reverse("notices:edit_template", args=["task_reminder"]),
                                  ctx.partnership_page({BM}),
                                  {p: (302 if p == BM else code)
                                   for p, code in ctx.partnership_page({BM}).items()},
                                  template_as_it_is),
    }
