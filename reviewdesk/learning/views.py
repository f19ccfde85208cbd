"""Learning across reviews: the partnership's list of themes (the business manager's settings),
the learning dashboard, similar reviews and the yearly report figures.

The dashboard and the figures are counts over the reviews the viewer may see; similar reviews
shows the partnership's reviews the viewer may see, in pseudonymised text only (the index holds
nothing else), so none of these pages shows an identity. Another partnership's theme is 404.
"""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Theme
from reviewdesk.action_plan.rules import RAG_RULE
from reviewdesk.audit.services import record
from reviewdesk.learning import actions, exports, search, selectors
from reviewdesk.learning.forms import ChangeThemeForm, SearchForm, ThemeForm, YearForm
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _require_learning(request: HttpRequest) -> User:
    user = _user(request)
    if not access.may_view_learning(user):
        raise PermissionDenied("Learning across reviews is for the partnership's officers, "
                               "the executive group and the subgroups.")
    return user


# --- The list of themes -------------------------------------------------------------------------

def _theme(request: HttpRequest, pk: int) -> Theme:
    user = _user(request)
    return access.get_partnership_object(user, Theme.objects.all(), pk=pk,
                                         allowed=access.may_manage_themes(user),
                                         what="change the list of themes")


@login_required
@require_GET
def themes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_partnership(access.may_manage_themes(user), "change the list of themes")
    listed = list(access.of_own_partnership(user, Theme.objects.all()).order_by("name"))
    return render(request, "learning/themes.html", {
        "title": "Themes",
        "current": [t for t in listed if t.retired_at is None],
        "retired": [t for t in listed if t.retired_at is not None],
    })


@login_required
def add_theme(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_partnership(access.may_manage_themes(user), "change the list of themes")
    partnership = user.partnership
    assert partnership is not None  # the business manager's
    form = ThemeForm(request.POST or None)
    if save_form(request, form, lambda data: actions.add_theme(
            partnership, by=user, **data),
            lambda theme: f"'{theme.name}' is added to the list of themes."):
        return redirect("learning:themes")
    return form_page(request, form, heading="Add a theme", button="Add the theme",
                     back_url=reverse("learning:themes"), back_text="Back to themes",
                     intro="Reviews, findings and recommendations are tagged with the "
                           "partnership's themes; the learning dashboard counts them.")


@login_required
def change_theme(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    form = ChangeThemeForm(theme, request.POST or None)
    if save_form(request, form, lambda data: actions.change_theme(
            theme, by=_user(request), **data), "The theme is saved."):
        return redirect("learning:themes")
    intro = ("Renaming it changes the word on every review, finding and recommendation tagged "
             "with it.")
    if theme.national:
        intro += " It is one of the national themes: keep its meaning if you rename it."
    return form_page(request, form, heading=f"Change the theme '{theme.name}'", button="Save",
                     back_url=reverse("learning:themes"), back_text="Back to themes", intro=intro)


@login_required
@require_POST
def retire_theme(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    run_action(request, lambda: actions.retire_theme(theme, by=_user(request)),
               f"'{theme.name}' is retired: it is no longer offered for tagging. Reviews tagged "
               "with it keep it.")
    return redirect("learning:themes")


@login_required
@require_POST
def restore_theme(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    run_action(request, lambda: actions.restore_theme(theme, by=_user(request)),
               f"'{theme.name}' is restored to the list.")
    return redirect("learning:themes")


# --- The learning dashboard ---------------------------------------------------------------------

@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _require_learning(request)
    today = timezone.localdate()
    board = selectors.dashboard(user, today)
    return render(request, "learning/dashboard.html", {
        "title": "Learning across reviews", "board": board, "form": SearchForm(),
        "rag_rule": RAG_RULE, "years": selectors.years_with_reviews(user, today),
    })


@login_required
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Free text: the partnership's reviews and findings most alike."""
    user = _require_learning(request)
    form = SearchForm(request.GET or None)
    results: list[search.Result] = []
    terms: list[str] = []
    if form.is_valid():
        results, terms, _ = search.similar(user, text=form.cleaned_data["q"])
    return render(request, "learning/similar.html", {
        "title": "Similar reviews", "form": form, "results": results, "terms": terms,
        "searched": form.is_bound, "review": None,
    })


@login_required
@require_GET
def similar_to_review(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """From a review: the partnership's other reviews most alike, by its findings,
    recommendations, summary and themes."""
    review, names = review_for(request, review_uuid)
    user = _require_learning(request)
    results, terms, themes = search.similar(user, review=review)
    return render(request, "learning/similar.html", {
        "title": f"Similar reviews – {names.title}", "form": SearchForm(), "results": results,
        "terms": terms, "themes": themes, "searched": True, "review": review, "names": names,
    })


# --- The yearly report figures ------------------------------------------------------------------

def _year(request: HttpRequest, user: User, year: int | None) -> tuple[int, list[int]]:
    today = timezone.localdate()
    years = selectors.years_with_reviews(user, today)
    if year is None:
        form = YearForm(years, request.GET or None)
        year = form.cleaned_data["year"] if form.is_valid() else years[0]
    if year not in years:
        from django.http import Http404

        raise Http404("No figures for that year")
    return year, years


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    user = _require_learning(request)
    year, years = _year(request, user, None)
    return render(request, "learning/figures.html", {
        "title": f"Review figures for {year}", "figures": selectors.yearly_figures(user, year),
        "form": YearForm(years, initial={"year": year}), "year": year,
    })


def _download(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    user = _require_learning(request)
    year, _ = _year(request, user, year)
    figures_ = selectors.yearly_figures(user, year)
    assert user.partnership is not None  # a partnership role (may_view_learning)
    name = user.partnership.name
    content = (exports.workbook(figures_, name) if kind == "xlsx"
               else exports.document(figures_, name))
    record("learning.figures_downloaded", summary=f"Downloaded the review figures for {year}",
           partnership_id=user.partnership_id, data={"year": year, "format": kind})
    response = HttpResponse(content, content_type=XLSX if kind == "xlsx" else DOCX)
    response["Content-Disposition"] = f'attachment; filename="review-figures-{year}.{kind}"'
    return response


@login_required
@require_GET
def figures_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    return _download(request, year, "xlsx")


@login_required
@require_GET
def figures_docx(request: HttpRequest, year: int) -> HttpResponse:
    return _download(request, year, "docx")
