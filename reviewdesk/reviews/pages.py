"""What every page of a review starts from."""

from typing import Any

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.reviews.names import Names


def review_for(request: HttpRequest, review_uuid: Any, permission: Any = None) -> tuple[Any, Any]:
    """The review (404 for outsiders), the names as this person may see them, and, given a
    permission, the check that they may do this (403)."""
    review = access.get_review_for(request.user, review_uuid)
    if permission is not None:
        access.require(request.user, review, permission)
    return review, Names(review, request.user)
