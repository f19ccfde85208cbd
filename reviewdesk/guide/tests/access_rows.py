"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py): the guide is the
same for everyone signed in and names no one; it is only read (a POST is refused)."""

from django.urls import reverse

from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {"guide:index", "guide:page"}


def rows(ctx: MatrixContext) -> dict:
    signed_in = ctx.everyone(200, anonymous=302)
    read_only = ctx.everyone(405, anonymous=302)
    return {
        "guide:index": (reverse("guide:index"), signed_in, read_only),
        "guide:page": (reverse("guide:page", args=["rapid-review"]), signed_in, read_only),
    }
