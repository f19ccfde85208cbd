"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The list of themes is the business manager's settings: a theme is added, one changed (the values
its page showed carried), one retired and another, retired already, restored. Learning across
reviews (the dashboard, similar reviews, the yearly figures and their files) is the oversight
roles', the executive group's and the L&D subgroup's, each over the reviews they may see; similar
reviews from a review also needs the review seen. The review's findings name the markers: the
index holds them pseudonymised, so no page shows them.
"""

import secrets

from django.urls import reverse
from django.utils import timezone

from reviewdesk.action_plan.models import Finding, Theme
from reviewdesk.learning.search import index_review
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {"learning:themes", "learning:add_theme", "learning:change_theme",
             "learning:retire_theme", "learning:restore_theme", "learning:dashboard",
             "learning:similar", "learning:figures", "learning:figures_xlsx",
             "learning:figures_docx", "learning:similar_to_review"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEARNING, ANON = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "executive", "learning_lead", "anonymous")
LEARNERS = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEARNING}


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    partnership_id = review.partnership_id
    token = secrets.token_hex(3)
    Finding.objects.create(
        review=review, number=90, recorded_by=bm,
        text=f"{m['child']} was seen by {m['practitioner']} at {m['address']}; no one asked "
             f"{m['mother']} who cared for the baby. {m['typed']}")
    index_review(review)
    changed = Theme.objects.create(partnership_id=partnership_id, name=f"Matrix theme {token}")
    retiring = Theme.objects.create(partnership_id=partnership_id, name=f"Retiring {token}")
    retired = Theme.objects.create(partnership_id=partnership_id, name=f"Retired {token}",
                                   retired_at=timezone.now())

    def change_body() -> dict:
        changed.refresh_from_db()
        return {"name": f"{changed.name} (renamed)"[:120], "description": "Renamed in the matrix",
                "was_name": changed.name, "was_description": changed.description}

    manager = ctx.partnership_page({BM})
    manager_done = {p: (302 if code == 200 else code) for p, code in manager.items()}
    post_only_get = {p: (302 if p == ANON else 405) for p in manager}
    learners = ctx.partnership_page(LEARNERS)
    year = timezone.localdate().year
    return {
        "learning:themes": (reverse("learning:themes"), manager, None),
        "learning:add_theme": (reverse("learning:add_theme"), manager, manager_done,
                               {"name": f"Added {token}", "description": ""}),
        "learning:change_theme": (reverse("learning:change_theme", args=[changed.pk]), manager,
                                  manager_done, change_body),
        "learning:retire_theme": (reverse("learning:retire_theme", args=[retiring.pk]),
                                  post_only_get, manager_done, {}),
        "learning:restore_theme": (reverse("learning:restore_theme", args=[retired.pk]),
                                   post_only_get, manager_done, {}),
        "learning:dashboard": (reverse("learning:dashboard"), learners, None),
        "learning:similar": (reverse("learning:similar") + "?q=baby+cared", learners, None),
        "learning:figures": (reverse("learning:figures"), learners, None),
        "learning:figures_xlsx": (reverse("learning:figures_xlsx", args=[year]), learners, None),
        "learning:figures_docx": (reverse("learning:figures_docx", args=[year]), learners, None),
        "learning:similar_to_review": (
            reverse("learning:similar_to_review", args=[review.uuid]),
            ctx.review_page(LEARNERS), None),
    }
