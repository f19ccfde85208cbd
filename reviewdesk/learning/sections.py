"""The review page's link to similar reviews, for those who may use learning across reviews."""

from typing import Any, cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.reviews.sections import Section


def similar_section(request: HttpRequest, review: Any, names: Any) -> Section | None:
    if not access.may_view_learning(cast(User, request.user)):
        return None
    return Section("learning/_section.html", order=95, context={"review": review})
