"""Finding things: search from every page, and the dashboard as a spreadsheet for board reports.
What is found and shown is decided in ``selectors`` (from ``reviewdesk.access``)."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.reviews import dashboard_file, selectors
from reviewdesk.reviews.forms import DashboardFilterForm
from reviewdesk.shortcuts import login_required


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Reviews by reference, pseudonym or (for those who may see it) the child's name; people by
    name, as the reader may see them. A page of results is a read of what it shows."""
    user = cast(User, request.user)  # signed in (login_required)
    if not access.may_search(user):
        raise PermissionDenied("Sign in to search.")
    typed = request.GET.get("q", "")
    results = selectors.search(user, typed)
    if (request.GET.get("go") and len(results.reviews) == 1 and not results.people
            and results.query.lower() == results.reviews[0].review.reference.lower()):
        # A reference typed in full from the header: straight to the review.
        return redirect("reviews:review", results.reviews[0].review.uuid)
    if results.count:
        record("search.results_viewed", summary="Viewed search results",
               data={"query": results.query,
                     "reviews": [r.review.pk for r in results.reviews],
                     "people": [p.pk for p in results.people]})
    too_short = bool(results.query) and len(results.query) < selectors.MIN_QUERY
    return render(request, "reviews/search.html", {
        "title": ("Error: Search" if too_short else "Search results" if results.query
                  else "Search"),
        "results": results, "typed": results.query, "too_short": too_short,
        "min_query": selectors.MIN_QUERY, "may_open_people": access.may_manage_people(user),
    })


@login_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard, as filtered, as a workbook for board reports: names as the reader may see
    them; every download audited."""
    user = cast(User, request.user)  # signed in (login_required)
    if not access.may_view_dashboard(user):
        raise PermissionDenied("The dashboard is for the partnership's officers.")
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    board = selectors.dashboard(user, stage=filters.get("stage", ""),
                                kind=filters.get("kind", ""),
                                show_closed=bool(filters.get("show_closed")))
    content = dashboard_file.workbook(board)
    record("dashboard.exported", summary="Downloaded the dashboard as a spreadsheet",
           data={"reviews": [r.review.pk for r in board.rows], "filters": board.filters})
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (
        f'attachment; filename="dashboard-{timezone.localdate():%Y-%m-%d}.xlsx"')
    return response

