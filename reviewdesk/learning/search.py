"""Similar reviews: the index of pseudonymised text, and the search over it.

What is indexed: each review's incident summaries, and its findings and recommendations (not
removed), every text through the anonymised redactor (``reviews.names.anonymised``), with the
themes tagged on them. What is searched: the partnership's reviews the viewer may see
(``access.reviews_visible_to``), never the review searched from. Each result says why it is
alike: the themes it shares with the search and the words they have in common.

PostgreSQL ranks with full-text search (``english`` configuration) and, when that finds nothing
(a misspelling, a word the dictionary does not know), with trigram word similarity (pg_trgm);
SQLite with FTS5's bm25 (migration 0002). A shared theme adds to a result's rank either way.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import Prefetch

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation, ReviewTheme, Theme
from reviewdesk.learning.models import SearchDocument
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names

Kind = SearchDocument.Kind

# Words too common in reviews to say anything about likeness.
STOP_WORDS = frozenset("""
a about above after again against all also an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your
child children review reviews partnership partnerships agency agencies professional
professionals practitioner practitioners family should must need needs recommendation
recommendations finding findings ensure make made work working
""".split())
WORD = re.compile(r"[a-z][a-z'-]{2,}")
QUERY_TERMS = 12  # the most telling words of a review searched from
RESULTS = 10
THEME_WEIGHT = 0.5  # a shared theme counts as much as a good textual match


def _public() -> User:
    """The viewer of the anonymised view (the public): every identity not public is hidden."""
    return cast(User, AnonymousUser())


# --- The index --------------------------------------------------------------------------------

def _theme_ids(themes: Iterable[Theme]) -> list[int]:
    return sorted({t.pk for t in themes})


def documents_for(review: Review) -> list[SearchDocument]:
    """The review's rows for the index, pseudonymised (not saved)."""
    redact = Names(review, _public(), entries=list(
        IdentityEntry.objects.filter(review=review))).anonymised_redactor.text
    findings = list(Finding.objects.filter(review=review, removed_at__isnull=True)
                    .prefetch_related("themes"))
    recommendations = list(Recommendation.objects.filter(review=review, removed_at__isnull=True)
                           .prefetch_related("themes"))
    review_themes = [tag.theme for tag in
                     ReviewTheme.objects.filter(review=review).select_related("theme")]
    every_theme = _theme_ids([*review_themes,
                              *(t for f in findings for t in f.themes.all()),
                              *(t for r in recommendations for t in r.themes.all())])
    summary = "\n\n".join(redact(s) for s in review.incidents.values_list("summary", flat=True))
    base = {"partnership_id": review.partnership_id, "review": review}
    docs = [SearchDocument(kind=Kind.REVIEW, object_id=0, number=0, text=summary,
                           theme_ids=every_theme, **base)]
    docs += [SearchDocument(kind=Kind.FINDING, object_id=f.pk, number=f.number,
                            text=redact(f.text), theme_ids=_theme_ids(f.themes.all()), **base)
             for f in findings]
    docs += [SearchDocument(kind=Kind.RECOMMENDATION, object_id=r.pk, number=r.number,
                            text=redact(r.text), theme_ids=_theme_ids(r.themes.all()), **base)
             for r in recommendations]
    return docs


@transaction.atomic
def index_review(review: Review) -> int:
    """Replace the review's rows in the index; the number of rows it now has."""
    SearchDocument.objects.filter(review=review).delete()
    docs = documents_for(review)
    # Saved one by one on SQLite so the FTS5 triggers see each row (bulk_create does too, but
    # without returning ids on every backend we would not need them anyway).
    SearchDocument.objects.bulk_create(docs)
    return len(docs)


def index_partnership(partnership_id: int) -> int:
    return sum(index_review(r) for r in Review.objects.filter(partnership_id=partnership_id))


# --- Searching --------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return [w.strip("'-") for w in WORD.findall(text.lower()) if w.strip("'-") not in STOP_WORDS
            and len(w.strip("'-")) > 2]


def _stem(word: str) -> str:
    """A rough stem, to say which words two texts share ('bruising' and 'bruises')."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def telling_terms(text: str, limit: int = QUERY_TERMS) -> list[str]:
    """The words a text uses most (not the common ones), for searching from a whole review."""
    counts = Counter(words(text))
    return [w for w, _ in counts.most_common(limit)]


@dataclass
class Match:
    """One document that matched, with its rank."""

    document: SearchDocument
    rank: float


@dataclass
class Result:
    """A review alike, with the findings and recommendations that matched and why."""

    review: Review
    title: str
    score: float
    shared_themes: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)
    matches: list[SearchDocument] = field(default_factory=list)


def _fts5_query(terms: Sequence[str]) -> str:
    # Each term quoted (FTS5 syntax is not the user's to write), any of them.
    return " OR ".join('"' + t.replace('"', "") + '"' for t in terms)


def _text_matches(candidates: list[int], terms: Sequence[str], limit: int) -> dict[int, float]:
    """Document id -> rank (higher is better) among the candidate reviews' documents."""
    if not terms or not candidates:
        return {}
    placeholders = ", ".join(["%s"] * len(candidates))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT d.id, -bm25(learning_searchdocument_fts) FROM learning_searchdocument_fts "
                "JOIN learning_searchdocument d ON d.id = learning_searchdocument_fts.rowid "
                f"WHERE learning_searchdocument_fts MATCH %s AND d.review_id IN ({placeholders}) "
                "ORDER BY bm25(learning_searchdocument_fts) LIMIT %s",
                [_fts5_query(terms), *candidates, limit])
            return {pk: float(rank) for pk, rank in cursor.fetchall()}
        # Letters only (an apostrophe or a hyphen is tsquery syntax): any of the words.
        query = " | ".join(dict.fromkeys(
            w for t in terms for w in re.sub(r"[^a-z]", " ", t).split() if len(w) > 1))
        if not query:
            return {}
        # search_vector: the text's tsvector, stored and indexed (migration 0003), so ranking
        # does not parse every matching document again.
        cursor.execute(
            "SELECT id, ts_rank(search_vector, q) "
            "FROM learning_searchdocument, to_tsquery('english'::regconfig, %s) q "
            "WHERE search_vector @@ q "
            f"AND review_id IN ({placeholders}) ORDER BY 2 DESC LIMIT %s",
            [query, *candidates, limit])
        found = {pk: float(rank) * 10 for pk, rank in cursor.fetchall()}
        if found:
            return found
        # Nothing by the dictionary: the trigram fallback, word by word.
        cursor.execute(
            "SELECT id, MAX(word_similarity(t, text)) FROM learning_searchdocument, "
            "unnest(%s::text[]) t WHERE t <%% text "
            f"AND review_id IN ({placeholders}) GROUP BY id ORDER BY 2 DESC LIMIT %s",
            [list(terms), *candidates, limit])
        return {pk: float(rank) for pk, rank in cursor.fetchall()}


def similar(viewer: User, *, text: str = "", review: Review | None = None,
            limit: int = RESULTS) -> tuple[list[Result], list[str], list[str]]:
    """The viewer's partnership's reviews most alike ``text`` or ``review`` (never the review
    itself), best first; with the terms and theme names searched for. Only reviews the viewer
    may see; every text pseudonymised."""
    partnership_id = viewer.partnership_id or 0
    own_themes: set[int] = set()
    if review is not None:
        source = list(SearchDocument.objects.filter(review=review))
        if not source:
            index_review(review)
            source = list(SearchDocument.objects.filter(review=review))
        text = "\n".join(d.text for d in source)
        own_themes = {t for d in source if d.kind == Kind.REVIEW for t in d.theme_ids}
        partnership_id = review.partnership_id
    terms = telling_terms(text) if review is not None else list(dict.fromkeys(words(text)))[:20]
    visible = access.reviews_visible_to(viewer).filter(partnership_id=partnership_id)
    if review is not None:
        visible = visible.exclude(pk=review.pk)
    candidates = list(visible.values_list("pk", flat=True))
    matches = _text_matches(candidates, terms, limit * 20)
    ranks: dict[int, float] = defaultdict(float)
    docs_by_review: dict[int, list[SearchDocument]] = defaultdict(list)
    for doc in SearchDocument.objects.filter(pk__in=matches):
        ranks[doc.review_id] += matches[doc.pk]
        docs_by_review[doc.review_id].append(doc)
    if own_themes:
        # Reviews sharing a theme are alike even with no word in common.
        for pk, theme_ids in SearchDocument.objects.filter(
                review_id__in=candidates, kind=Kind.REVIEW).values_list("review_id", "theme_ids"):
            shared = own_themes & set(theme_ids)
            if shared:
                ranks[pk] += THEME_WEIGHT * len(shared)
    best = sorted(ranks, key=lambda pk: -ranks[pk])[:limit]
    reviews = {r.pk: r for r in Review.objects.filter(pk__in=best).prefetch_related(
        Prefetch("identities", queryset=IdentityEntry.objects.order_by("pk")))}
    themes_of = dict(SearchDocument.objects.filter(review_id__in=best, kind=Kind.REVIEW)
                     .values_list("review_id", "theme_ids"))
    theme_names = dict(Theme.objects.filter(partnership_id=partnership_id)
                       .values_list("pk", "name"))
    stems = {_stem(t) for t in terms}
    results = []
    for pk in best:
        found = reviews[pk]
        names = Names(found, _public(), entries=list(found.identities.all()))
        docs = sorted(docs_by_review.get(pk, []), key=lambda d: -matches[d.pk])
        in_common = sorted({w for d in docs for w in words(d.text) if _stem(w) in stems})
        results.append(Result(
            review=found, title=names.title, score=round(ranks[pk], 3),
            shared_themes=sorted(theme_names[t] for t in own_themes & set(themes_of.get(pk, []))
                                 if t in theme_names),
            shared_terms=in_common[:8],
            matches=[d for d in docs if d.kind != Kind.REVIEW][:3]
            or [d for d in docs][:1]))
    return results, terms, sorted(theme_names[t] for t in own_themes if t in theme_names)
