"""The learning dashboard's and the yearly report's figures: counts only, over the reviews the
viewer may see (``access.reviews_visible_to``), each list a fixed number of queries whatever the
number of reviews, findings or actions.

The words used:
* a review's *year* is the year its first deadline started (the serious incident notified);
* a review is *completed* when its "Review complete" deadline is met, *within six months* when
  met no later than six months after that deadline started (the review's initiation);
* *overdue* is the action plan's one rule (``action_plan.rules.overdue_q``).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min, Q, QuerySet

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import (
    Action,
    Finding,
    PlanMeeting,
    Recommendation,
    ReviewTheme,
    Theme,
)
from reviewdesk.decisions.models import DecisionOutcome, Outcome
from reviewdesk.publication.models import Publication
from reviewdesk.reviews.models import Clock, ClockKind, Review, ReviewKind

NO_DECISION = "No decision yet"
STATUS_LABELS = dict(Action.Status.choices)


def visible_reviews(viewer: User) -> QuerySet[Review]:
    """The viewer's own partnership's reviews that they may see."""
    if viewer.partnership_id is None:
        return Review.objects.none()
    return access.reviews_visible_to(viewer).filter(partnership_id=viewer.partnership_id)


def _ids(viewer: User) -> QuerySet:
    return visible_reviews(viewer).values("pk")


def within_six_months(clock_started: date, met_on: date) -> bool:
    return met_on <= clock_started + relativedelta(months=6)


def review_theme_pairs(review_ids: QuerySet | list[int]) -> set[tuple[int, int]]:
    """(review, theme) for every theme tagged on a review, or on one of its findings or
    recommendations that is not removed: three queries."""
    pairs = set(ReviewTheme.objects.filter(review_id__in=review_ids)
                .values_list("review_id", "theme_id"))
    pairs |= set(Finding.themes.through.objects.filter(
        finding__review_id__in=review_ids, finding__removed_at__isnull=True)
        .values_list("finding__review_id", "theme_id"))
    pairs |= set(Recommendation.themes.through.objects.filter(
        recommendation__review_id__in=review_ids, recommendation__removed_at__isnull=True)
        .values_list("recommendation__review_id", "theme_id"))
    return pairs


@dataclass
class ThemeRow:
    theme: Theme
    by_year: list[int]
    total: int
    recommendations: int = 0
    actions: int = 0
    completed: int = 0
    impact_shown: int = 0
    overdue: int = 0


@dataclass
class Dashboard:
    today: date
    years: list[int]
    reviews: int
    # (kind label, [count by year], total)
    by_kind: list[tuple[str, list[int], int]]
    by_outcome: list[tuple[str, list[int], int]]
    completed: list[int]  # by year completed
    completed_in_six_months: list[int]
    published: list[int]  # reports published, by year
    themes: list[ThemeRow]
    action_statuses: list[tuple[str, str, int]]  # (status, label, count)
    actions: int
    overdue: int
    chart_max: int = 1
    theme_recommendations: list[ThemeRow] = field(default_factory=list)


def _year_index(years: list[int], year: int | None) -> int | None:
    return years.index(year) if year in years else None


def dashboard(viewer: User, today: date, *, span: int = 5) -> Dashboard:
    ids = _ids(viewer)
    years = list(range(today.year - span + 1, today.year + 1))
    started = dict(Review.objects.filter(pk__in=ids).annotate(first=Min("clocks__started_on"))
                   .values_list("pk", "first"))
    reviews = list(Review.objects.filter(pk__in=ids).values_list("pk", "kind", "stage_since"))
    year_of = {pk: (started.get(pk) or since).year for pk, _, since in reviews}
    outcomes = dict(DecisionOutcome.objects.filter(review_id__in=ids)
                    .values_list("review_id", "outcome"))

    def by_year(keys: dict[int, str], labels: dict[str, str]) -> list[tuple[str, list[int], int]]:
        counts: dict[str, list[int]] = {k: [0] * len(years) for k in labels}
        totals: Counter[str] = Counter()
        for pk, key in keys.items():
            totals[key] += 1
            i = _year_index(years, year_of[pk])
            if i is not None:
                counts.setdefault(key, [0] * len(years))[i] += 1
        return [(labels.get(k, k), counts[k], totals[k]) for k in labels if totals[k]]

    by_kind = by_year({pk: kind for pk, kind, _ in reviews}, dict(ReviewKind.choices))
    by_outcome = by_year({pk: outcomes.get(pk, "") for pk, _, _ in reviews},
                         {**dict(Outcome.choices), "": NO_DECISION})

    completed = [0] * len(years)
    in_six = [0] * len(years)
    for started_on, met_on in Clock.objects.filter(
            review_id__in=ids, kind=ClockKind.REVIEW_COMPLETION, met_on__isnull=False
    ).values_list("started_on", "met_on"):
        assert met_on is not None  # met_on__isnull=False
        i = _year_index(years, met_on.year)
        if i is not None:
            completed[i] += 1
            in_six[i] += within_six_months(started_on, met_on)
    published = [0] * len(years)
    for (on,) in Publication.objects.filter(review_id__in=ids, published_on__isnull=False
                                            ).values_list("published_on"):
        assert on is not None  # published_on__isnull=False
        i = _year_index(years, on.year)
        if i is not None:
            published[i] += 1

    # Themes over time: reviews with each theme, by the review's year.
    themes = {t.pk: t for t in Theme.objects.filter(partnership_id=viewer.partnership_id or 0)}
    theme_years: dict[int, list[int]] = defaultdict(lambda: [0] * len(years))
    theme_totals: Counter[int] = Counter()
    for review_id, theme_id in review_theme_pairs(ids):
        theme_totals[theme_id] += 1
        i = _year_index(years, year_of.get(review_id))
        if i is not None:
            theme_years[theme_id][i] += 1
    theme_rows = sorted((ThemeRow(themes[t], theme_years[t], n) for t, n in theme_totals.items()
                         if t in themes), key=lambda r: (-r.total, r.theme.name))

    actions = Action.objects.filter(review_id__in=ids)
    status_counts = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = actions.filter(rules.overdue_q(today)).count()

    # Recommendations per theme, with their actions' impact.
    recs_by_theme: dict[int, set[int]] = defaultdict(set)
    for rec_id, theme_id in Recommendation.themes.through.objects.filter(
            recommendation__review_id__in=ids, recommendation__removed_at__isnull=True
    ).values_list("recommendation_id", "theme_id"):
        recs_by_theme[theme_id].add(rec_id)
    actions_of: dict[int, set[tuple[int, str, date]]] = defaultdict(set)
    for rec_id, action_id, status, due_on in Action.recommendations.through.objects.filter(
            recommendation__review_id__in=ids).values_list(
            "recommendation_id", "action_id", "action__status", "action__due_on"):
        actions_of[rec_id].add((action_id, status, due_on))
    per_theme = []
    for theme_id, rec_ids in recs_by_theme.items():
        if theme_id not in themes:
            continue
        linked = {a for r in rec_ids for a in actions_of[r]}
        per_theme.append(ThemeRow(
            themes[theme_id], [], len(rec_ids), recommendations=len(rec_ids), actions=len(linked),
            completed=sum(s == Action.Status.COMPLETED for _, s, _ in linked),
            impact_shown=sum(s == Action.Status.IMPACT_SHOWN for _, s, _ in linked),
            overdue=sum(s in rules.OPEN and due < today for _, s, due in linked)))
    per_theme.sort(key=lambda r: (-r.recommendations, r.theme.name))

    return Dashboard(
        today=today, years=years, reviews=len(reviews), by_kind=by_kind, by_outcome=by_outcome,
        completed=completed, completed_in_six_months=in_six, published=published,
        themes=theme_rows,
        action_statuses=[(s, label, status_counts.get(s, 0)) for s, label in
                         Action.Status.choices],
        actions=sum(status_counts.values()), overdue=overdue,
        chart_max=max([n for r in theme_rows for n in r.by_year] or [1]) or 1,
        theme_recommendations=per_theme)


# --- The partnership's yearly report figures ---------------------------------------------------

@dataclass
class Figure:
    label: str
    value: int
    # Sub-counts shown under it (a decision's types, a delay's reasons): (label, count).
    parts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class YearFigures:
    year: int
    figures: list[Figure]
    themes: list[tuple[str, int]]

    def rows(self) -> list[tuple[str, str, int]]:
        """(figure, part, count) rows: the same numbers for the page, the .xlsx and the .docx."""
        out = []
        for figure in self.figures:
            out.append((figure.label, "", figure.value))
            out.extend((figure.label, label, n) for label, n in figure.parts)
        return out


def years_with_reviews(viewer: User, today: date) -> list[int]:
    first = (Clock.objects.filter(review_id__in=_ids(viewer))
             .aggregate(first=Min("started_on"))["first"])
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))


def yearly_figures(viewer: User, year: int) -> YearFigures:
    """The numbers the partnership's annual report needs for ``year`` (January to December)."""
    ids = _ids(viewer)
    in_year = {"met_on__year": year}
    rapid = Clock.objects.filter(review_id__in=ids, kind=ClockKind.RAPID_REVIEW, **in_year)
    decisions = dict(DecisionOutcome.objects.filter(review_id__in=ids, decided_on__year=year)
                     .values_list("outcome").annotate(n=Count("pk")).order_by())
    started = Review.objects.filter(pk__in=ids, initiated_on__year=year).exclude(
        kind=ReviewKind.RAPID_REVIEW_ONLY).count()
    completions = list(Clock.objects.filter(review_id__in=ids, kind=ClockKind.REVIEW_COMPLETION,
                                            **in_year).values_list("started_on", "met_on"))
    # Delays in force during the year: a completion deadline delayed, its first date in the year
    # or before, not met before the year began.
    delays = dict(Clock.objects.filter(
        review_id__in=ids, kind=ClockKind.REVIEW_COMPLETION, revised_due_on__isnull=False,
        due_on__year__lte=year).filter(Q(met_on__isnull=True) | Q(met_on__year__gte=year))
        .values_list("delay_reason").annotate(n=Count("pk")).order_by())
    published = Publication.objects.filter(review_id__in=ids, published_on__year=year).count()
    actions = Action.objects.filter(review_id__in=ids)
    impact_meetings = PlanMeeting.objects.filter(held_on__year=year)
    reasons = dict(Clock.DelayReason.choices)
    figures = [
        Figure("Rapid reviews held", rapid.count()),
        Figure("Decisions after a rapid review", sum(decisions.values()),
               [(label, decisions[o]) for o, label in Outcome.choices if decisions.get(o)]),
        Figure("Reviews started", started),
        Figure("Reviews completed", len(completions)),
        Figure("Reviews completed within six months",
               sum(within_six_months(s, m) for s, m in completions if m is not None)),
        Figure("Reviews delayed", sum(delays.values()),
               [(reasons.get(r, "No reason given"), delays[r]) for r in sorted(
                   delays, key=lambda r: list(reasons).index(r) if r in reasons else 99)]),
        Figure("Reports published", published),
        Figure("Actions agreed", actions.filter(agreed_on__year=year).count()),
        Figure("Actions completed", actions.filter(completed_on__year=year).count()),
        Figure("Actions with impact shown", actions.filter(
            status=Action.Status.IMPACT_SHOWN, impact_accepted_at__in=impact_meetings).count()),
    ]
    # Themes of the reviews completed or whose findings were recorded in the year.
    reviews_of_year = set(Clock.objects.filter(
        review_id__in=ids, kind=ClockKind.REVIEW_COMPLETION, **in_year)
        .values_list("review_id", flat=True))
    reviews_of_year |= set(Finding.objects.filter(
        review_id__in=ids, recorded_at__year=year).values_list("review_id", flat=True))
    counts: Counter[int] = Counter(t for r, t in review_theme_pairs(list(reviews_of_year)))
    names = dict(Theme.objects.filter(pk__in=counts).values_list("pk", "name"))
    themes = sorted(((names[t], n) for t, n in counts.items()), key=lambda x: (-x[1], x[0]))
    return YearFigures(year, figures, themes)
