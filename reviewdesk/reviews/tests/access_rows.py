"""Rows for the access matrix (test_access_matrix.py) for finding things: search and the
dashboard's spreadsheet.

The search row types "in", which is in the child's surname and in the practitioner's first name
(and the scrutineer's and the L&D lead's names): each reader's results must show the child's
name only to those who see family identities on the review, and the practitioner only to those
who see staff identities (and to the practitioner). ``TEXT_FILTERS`` puts the search through the
name oracle: a hidden name, or a piece of it, gives the page a word found nowhere gives.
"""

from django.urls import reverse

from reviewdesk.reviews.tests.test_access_matrix import OVERSIGHT, MatrixContext

URL_NAMES = {"reviews:search", "reviews:dashboard_export"}
# The business manager's surname (both partnerships' in the matrix): an officer everyone in the
# partnership may find.
TEXT_FILTERS = [("reviews:search", "q", "Manager")]


def rows(ctx: MatrixContext) -> dict:
    read_only = ctx.everyone(405, anonymous=302)
    return {
        "reviews:search": (reverse("reviews:search") + "?q=in", ctx.everyone(200, anonymous=302),
                           read_only),
        # A workbook: the matrix reads its text for markers.
        "reviews:dashboard_export": (reverse("reviews:dashboard_export"),
                                     ctx.partnership_page(OVERSIGHT), read_only),
    }
