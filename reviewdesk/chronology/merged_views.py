"""The merged multi-agency chronology: one page of every agency's current entries in
merged order, with filters, keyset pagination and the anonymised / personalised switch; its
timeline picture; the possible duplicates; marking entries significant; exports.

Who sees what (decided here, written down in docs/decisions when merged):

* The business manager, the review's lead reviewer(s) and subgroup members
  (``Permission.VIEW_CHRONOLOGIES``) read it in the personalised view (they may see every
  identity: ``may_personalise``), with the anonymised view one click away (for a screen shared
  in a meeting), mark entries significant, link or dismiss duplicates, export.
* The partnership's other oversight roles (safeguarding partners, the independent scrutineer,
  CSPR subgroup members not on this review) read it and export it, anonymised only: they
  oversee the review, not the case. A forged ``?view=personalised`` changes nothing for them.
* Entries restricted by the advice in force are absent for everyone the advice does not name
  (``_hidden``: ``access.restricted_chronology_entries``): not shown, counted, suggested,
  opened or exported; those it names see them tagged "Restricted".
* Agency authors and practitioners get 403 (an author sees only their own agency's
  chronology); outsiders 404.

Every piece of entry text (source, role, event, action, analysis, warnings, the original file's
name, significance notes) is rendered through ``Anonymiser``. Editing is never done here: the
"Change" link (personalised view only, for those the services let edit) opens the existing
change page, which shows and saves the real text.
"""

import calendar
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import unquote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.accounts.models import Agency
from reviewdesk.accounts.reauth import reauthentication_needed
from reviewdesk.audit.services import record
from reviewdesk.chronology import (
    actions,
    duplicates,
    exports,
    merge,
    search_text,
    status,
    tasks,
)
from reviewdesk.chronology.anonymise import Anonymiser, may_personalise
from reviewdesk.chronology.filters import filter_entries
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import login_required, run_action

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Counting is bounded: "more than 1,000" is all a reader needs, and never a COUNT(*) of 500k.
COUNT_LIMIT = 1000
PERSONALISED = "personalised"
ANONYMISED = "anonymised"
SUGGESTIONS_SHOWN = 50  # possible duplicates on a page
UPDATING = ("The search is being updated after a change to the identity register or a newly "
            "accepted chronology: try again in a minute.")
# Okabe and Ito's palette, told apart by people with any colour vision (yellow left out: too
# pale on white). Each lane is also labelled with its agency's name: never colour alone.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#0b0c0c"]


# --- Fetch and authorise -----------------------------------------------------------------------

def _reader(request: HttpRequest, review_uuid: str, *, act: bool = False
            ) -> tuple[Review, Names, bool]:
    """The review (404 for outsiders) and whether this person is on the review's side (True:
    may personalise and act) or an oversight reader (False: anonymised, read only); 403 for
    everyone else, and for oversight readers when ``act``."""
    review, names = review_for(request, review_uuid)
    return review, names, access.merged_chronology_reader(request.user, review, act=act)


def _hidden(request: HttpRequest, review: Review) -> Q | None:
    """The entries restricted by advice that this reader may not see (``None``: none hidden).
    They are absent from every page, count, suggestion and export here, as if never sent."""
    return access.restricted_chronology_entries(request.user, review)


def _personalised(params: QueryDict, names: Names, full: bool, *, default: bool = True) -> bool:
    """Those who may see every identity read the personalised view unless they ask for the
    anonymised one (``view=anonymised``, one click away); an export is personalised only when
    asked for (``default=False``). A forged parameter changes nothing for anyone else."""
    if not (full and may_personalise(names)):
        return False
    view = params.get("view")
    return view == PERSONALISED or (default and view != ANONYMISED)


def _view_param(personalised: bool) -> list[tuple[str, str]]:
    """The view carried in every link, so a page, its filters and its actions keep it."""
    return [("view", PERSONALISED if personalised else ANONYMISED)]


def _title(review: Review, names: Names, personalised: bool) -> str:
    """The review as the heading names it: in the anonymised view, with the child's pseudonym
    even for those who may see the name (a screen shared in a meeting shows no name)."""
    return names.title if personalised else anonymised(review).title


def _merged_url(review: Review, params: dict[str, Any] | list[tuple[str, Any]] | None = None,
                anchor: str = "") -> str:
    url = reverse("chronology:merged", args=[review.uuid])
    query = urlencode(params, doseq=True) if params else ""
    return url + (f"?{query}" if query else "") + anchor


def back_to_merged(request: HttpRequest, review: Review, default: str | None = None) -> str:
    """Where an action started from the merged chronology returns: the page it was started on
    (its ``next``, posted or in the address) if that is the merged chronology or a page under
    it, so the reader keeps their filters and place; otherwise ``default`` (the merged page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    base = reverse("chronology:merged", args=[review.uuid])
    path = unquote(target.split("?", 1)[0].split("#", 1)[0])
    # No "." or ".." segments (browsers read "%2e%2e" as ".." too): ".../merged/../../sign-out/"
    # starts like the merged page.
    if (target.startswith(base) and "\\" not in target
            and not {".", ".."} & set(path.split("/"))
            and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        return target
    return base if default is None else default


def _viewed(request: HttpRequest, review: Review, names: Names, summary: str,
            **data: Any) -> None:
    # The entries quote the family's story: reads are recorded, as on each agency's page.
    record("chronology.merged_viewed", actor=request.user, review=review, summary=summary,
           data={**data, "tier": int(names.tier)})


# --- Filters -----------------------------------------------------------------------------------

def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


@dataclass
class Filters:
    agencies: list[int] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    person: IdentityEntry | None = None
    keyword: str = ""
    significant: bool = False
    raw: dict[str, str] = field(default_factory=dict)  # the date fields as typed
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.agencies or self.date_from or self.date_to or self.person
                    or self.keyword or self.significant)

    def params(self) -> list[tuple[str, Any]]:
        """The filters as query parameters (to carry them across pages and views)."""
        out: list[tuple[str, Any]] = [("agency", a) for a in self.agencies]
        out += [(k, v) for k, v in self.raw.items() if v]
        if self.person is not None:
            out.append(("person", self.person.pk))
        if self.keyword:
            out.append(("keyword", self.keyword))
        if self.significant:
            out.append(("significant", "1"))
        return out

    @property
    def reads_text(self) -> bool:
        return bool(self.person or self.keyword)

    def audited(self) -> dict[str, Any]:
        """The filters as the audit row records them: what was typed and chosen, not only that
        something was (a name typed into the keyword box is the trail's to keep)."""
        out: dict[str, Any] = {}
        if self.agencies:
            out["agencies"] = self.agencies
        for name, value in (("from", self.date_from), ("to", self.date_to)):
            if value:
                out[name] = value.isoformat()
        if self.person is not None:
            out["person"] = self.person.pk
        if self.keyword:
            out["keyword"] = self.keyword
        if self.significant:
            out["significant"] = True
        return out

    def apply(self, qs: QuerySet[Entry], *, anonymised: bool) -> QuerySet[Entry]:
        return filter_entries(qs, agencies=self.agencies or None, date_from=self.date_from,
                              date_to=self.date_to, person=self.person,
                              keyword=self.keyword or None, significant=self.significant or None,
                              anonymised=anonymised)


def _searched(review: Review, anon: Anonymiser, filters: Filters) -> tuple[bool, bool]:
    """Which text the filters read, and whether they may run now: (anonymised, updating).

    The text as the page shows it: the real text only in a view that hides nothing (the
    personalised view of a reader who may see every identity); in every other view the stored
    anonymised text. While that is being rebuilt after a change to the register (or a newly
    accepted chronology), a person or keyword search answers "being updated", never stale text.
    """
    anonymised = bool(anon.hidden) or not anon.personalised
    if not anonymised or not filters.reads_text:
        return anonymised, False
    # The stored text is the anonymised view's, whoever reads it.
    view = Anonymiser(review, anon.names) if anon.personalised else anon
    if search_text.is_built(review, view):
        return anonymised, False
    # Queued, and already run where tasks run at once: "being updated", never stale text.
    tasks.request_rebuild(review.pk)
    return anonymised, not search_text.is_built(review, view)


def _period_end(year: int, month: int | None, day: int | None) -> date:
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _read_date(params: QueryDict, prefix: str, label: str, filters: Filters, *,
               end: bool) -> date | None:
    """A GOV.UK date input that may be partial: a year, a month and year, or a whole date.
    'From' starts at the period's first day, 'to' ends at its last."""
    parts = {k: (params.get(f"{prefix}-{k}") or "").strip() for k in ("day", "month", "year")}
    for k, v in parts.items():
        filters.raw[f"{prefix}-{k}"] = v[:4]
    if not any(parts.values()):
        return None
    year, month, day = _int(parts["year"]), _int(parts["month"]), _int(parts["day"])
    try:
        if year is None or not 1900 <= year <= 2100 or (parts["month"] and month is None) or (
                parts["day"] and (day is None or month is None)):
            raise ValueError
        if end:
            return _period_end(year, month, day)
        return date(year, month or 1, day or 1)
    except ValueError:
        filters.errors[prefix] = (f"{label} must be a real date, a month and year, or a year, "
                                  "for example 27 3 2024, 3 2024 or 2024")
        return None


def read_filters(params: QueryDict, review: Review, names: Names,
                 agencies: list[Agency]) -> Filters:
    filters = Filters()
    known = {a.pk for a in agencies}
    filters.agencies = sorted({n for n in map(_int, params.getlist("agency")) if n in known})
    filters.date_from = _read_date(params, "from", "The start of the period", filters, end=False)
    filters.date_to = _read_date(params, "to", "The end of the period", filters, end=True)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        filters.errors["to"] = "The end of the period must be the same as or after its start"
        filters.date_to = None
    person = _int(params.get("person"))
    if person is not None:
        filters.person = next((e for e in names.entries if e.pk == person), None)
    filters.keyword = (params.get("keyword") or "").strip()[:100]
    filters.significant = params.get("significant") == "1"
    return filters


def _person_label(entry: IdentityEntry, names: Names, personalised: bool) -> str:
    """A register entry as this view may show it: the pseudonym, or the name with it."""
    if personalised and names.may_see(entry):
        return names.entry_with_label(entry)
    return entry.pseudonym


# --- Keyset pagination -------------------------------------------------------------------------

def _before(qs: QuerySet[Entry], key: tuple) -> QuerySet[Entry]:
    """The mirror of merge.after: the entries before ``key``, nearest first."""
    earlier_q = None
    for index, name in enumerate(merge.ORDERING):
        step = {f"{name}__lt": key[index]} | {merge.ORDERING[b]: key[b] for b in range(index)}
        earlier_q = Q(**step) if earlier_q is None else earlier_q | Q(**step)
    return qs.filter(date__lte=key[0]).filter(earlier_q).reverse()


@dataclass
class Page:
    entries: list[Entry]
    size: int
    has_previous: bool
    has_next: bool


def _key_of(qs: QuerySet[Entry], pk: int | None) -> tuple | None:
    if pk is None:
        return None
    row = qs.filter(pk=pk).values_list(*merge.ORDERING).first()
    return tuple(row) if row else None


def _rows(qs: QuerySet[Entry], chosen: QuerySet[Entry], limit: int) -> list[Entry]:
    """The first ``limit`` entries of ``chosen`` (``qs`` narrowed to a page's side of a key, in
    its order), loaded from ``qs``. The page's ids are picked first, in a subquery that reads
    only columns of the index ``chron_entry_merged_order`` (an index-only scan: a day's few
    hundred keys, not its rows), then only those rows are read in full."""
    ids = chosen.values("pk")[:limit]
    rows = qs.filter(pk__in=ids)
    return list(rows if chosen.query.standard_ordering else rows.reverse())


def keyset_page(qs: QuerySet[Entry], params: QueryDict) -> Page:
    """One page after (``after=pk``), before (``before=pk``) or from (``at=pk``) an entry, or the
    first page: never an OFFSET, so a deep page costs what the first does."""
    size = min(max(_int(params.get("size")) or PAGE_SIZE, 1), MAX_PAGE_SIZE)
    after_key = _key_of(qs, _int(params.get("after")))
    at_key = _key_of(qs, _int(params.get("at")))
    before_key = _key_of(qs, _int(params.get("before")))
    if before_key is not None:
        rows = _rows(qs, _before(qs, before_key), size + 1)
        more = len(rows) > size
        rows = rows[:size][::-1]
        return Page(rows, size, more, True)
    if at_key is not None:
        # From an entry (a duplicate's link): the entry itself, then what follows it.
        rows = _rows(qs, qs.filter(pk=_int(params.get("at"))) | merge.after(qs, at_key), size + 1)
        earlier = _before(qs, at_key)[:1].exists()
        return Page(rows[:size], size, earlier, len(rows) > size)
    if after_key is not None:
        rows = _rows(qs, merge.after(qs, after_key), size + 1)
        return Page(rows[:size], size, True, len(rows) > size)
    rows = _rows(qs, qs, size + 1)
    return Page(rows[:size], size, False, len(rows) > size)


# --- Rows as shown -----------------------------------------------------------------------------

def _place(entry: Entry) -> str:
    """Where in the agency's file: 'Row 7', 'Table 2, row 4'; typed entries say so."""
    return entry.row_label or ("Entered in Review Desk" if not entry.row_ref else
                               f"Row {entry.row_ref}")


def date_as_read(entry: Entry) -> str:
    """The date only as precise as it was written: never a guessed day."""
    shown = {"day": f"{entry.date:%-d %B %Y}", "month": f"{entry.date:%B %Y}"}.get(
        entry.precision, str(entry.date.year))
    return f"{shown} (uncertain)" if entry.uncertain else shown


def _file_name(entry: Entry, anon: Anonymiser) -> str:
    name = entry.submission.original_filename
    # Agencies name files after the child: the name goes through the anonymiser too.
    return anon.text(name) if name else "Entered in Review Desk"


def entry_address(review: Review, name: str) -> Callable[[int], str]:
    """The address of the page ``name`` for any entry of the review (an entry's ``pk`` the last
    number in it), reversed once for a page of rows rather than once a row: fifty ``reverse``
    calls were a fifth of the merged page's rendering."""
    head, tail = reverse(f"chronology:{name}", args=[review.uuid, 0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


def entry_rows(entries: list[Entry], anon: Anonymiser, links: dict[int, int],
               originals: dict[int, Entry], mark_url: Callable[[int], str]
               ) -> list[dict[str, Any]]:
    rows = []
    for e in entries:
        mark = _mark_of(e)
        original = originals.get(links.get(e.pk, 0))
        rows.append({
            "entry": e, "agency": e.agency.name, "file": _file_name(e, anon), "place": _place(e),
            "version": e.submission.version,
            "source": anon.text(e.source), "role": anon.text(e.role),
            "event": anon.text(e.event), "action": anon.text(e.action),
            "analysis": anon.text(e.analysis),
            "warnings": [(w.get("code", ""), anon.text(w.get("message", "")))
                         for w in e.warnings or []],
            "significant": mark is not None, "note": anon.text(mark.note) if mark else "",
            "original": original,
            "original_label": f"{date_as_read(original)}, {_place(original)}"
            if original else "",
            "mark_url": mark_url(e.pk),
        })
    return rows


def _mark_of(entry: Entry) -> Any:
    """The entry's significance mark, or None (fetched with the entry: select_related)."""
    try:
        return entry.significance
    except Entry.significance.RelatedObjectDoesNotExist:
        return None


# --- The merged chronology ---------------------------------------------------------------------

def _agencies(review: Review) -> list[Agency]:
    return list(status.agencies_in_scope(review).order_by("name"))


@login_required
@require_GET
def merged(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names, full = _reader(request, review_uuid)
    personalised = _personalised(request.GET, names, full)
    anon = Anonymiser(review, names, personalised=personalised)
    agencies = _agencies(review)
    filters = read_filters(request.GET, review, names, agencies)
    anonymised, updating = _searched(review, anon, filters)
    hidden = _hidden(request, review)
    qs = filters.apply(merge.merged_entries(review, hidden=hidden).select_related("significance"),
                       anonymised=anonymised)
    if updating:
        qs = qs.none()
    page = keyset_page(qs, request.GET)
    links = duplicates.duplicate_of(review)
    wanted = {links[e.pk] for e in page.entries if e.pk in links}
    # An original restricted from this reader is not named either.
    found = Entry.objects.filter(pk__in=wanted).select_related("agency")
    originals = {o.pk: o for o in (found if hidden is None else found.exclude(hidden))
                 } if wanted else {}
    # Bounded: counts up to COUNT_LIMIT + 1 rows at most.
    counted = qs.order_by()[:COUNT_LIMIT + 1].count()
    view_param = _view_param(personalised)
    keep = filters.params() + view_param + (
        [("size", page.size)] if page.size != PAGE_SIZE else [])
    rows = entry_rows(page.entries, anon, links, originals,
                      entry_address(review, "merged_mark_significant"))
    # An accepted chronology is settled: its entries change only once it is reopened (the
    # Change link then opens the entry's copy in the version being written).
    reopened = set(Submission.objects.filter(
        review=review, status=Submission.Status.ACCEPTED, reopened_at__isnull=False)
        .values_list("agency_id", flat=True)) if personalised else set()
    edit_agencies = {a.pk for a in agencies if a.pk in reopened
                     and access.may_submit_chronology(request.user, review, a)}
    # Restricted entries this reader may see are tagged, so they are not shared.
    restricted = {e.pk for e in page.entries
                  if access.chronology_entry_restricted(review, e.date, e.agency_id)}
    _viewed(request, review, names, "Viewed the merged chronology",
            personalised=personalised, filtered=filters.active, filters=filters.audited(),
            updating=updating, entries=len(rows))
    subject = _title(review, names, personalised)  # the anonymised one reads the register
    return render(request, "chronology/merged.html", {
        "title": f"Merged chronology – {subject}",
        "subject": subject, "review": review, "names": names,
        "full": full, "personalised": personalised, "may_switch": full and may_personalise(names),
        "filters": filters, "agencies": agencies,
        "people": [(e.pk, _person_label(e, names, personalised)) for e in names.entries
                   if not e.is_public or e.pseudonym],
        "rows": rows, "page": page, "counted": counted, "count_limit": COUNT_LIMIT,
        "restricted": restricted,
        "updating": updating, "updating_message": UPDATING,
        "keep": keep, "filter_params": filters.params(),
        "previous_url": _merged_url(review, keep + [("before", page.entries[0].pk)], "#entries")
        if page.has_previous and page.entries else None,
        "next_url": _merged_url(review, keep + [("after", page.entries[-1].pk)], "#entries")
        if page.has_next and page.entries else None,
        "switch_url": _merged_url(review, filters.params() + _view_param(not personalised)),
        "here": request.get_full_path(), "edit_agencies": edit_agencies,
        "keep_query": urlencode(view_param) + "&",
        "export_formats": exports.EXPORT_FORMATS,
    })


# --- The timeline picture ----------------------------------------------------------------------

# The timeline's unit: months for a period up to this many months, quarters up to the next.
MONTHLY_UP_TO, QUARTERLY_UP_TO = 36, 120

def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _bucket_of(month_index: int, months_per_bucket: int, first: int) -> int:
    return (month_index - first) // months_per_bucket


def _bucket_label(first: int, months: int, index: int) -> str:
    start = first + index * months
    year, month = divmod(start, 12)
    if months == 1:
        return f"{calendar.month_abbr[month + 1]} {year}"
    if months == 3:
        return f"{calendar.month_abbr[month + 1]}–{calendar.month_abbr[month + 3]} {year}"
    return str(year)


def timeline_data(qs: QuerySet[Entry], agencies: list[Agency], filters: Filters
                  ) -> dict[str, Any]:
    """Counts per agency per month (two grouped queries, whatever the size), bucketed by month
    for up to three years (most reviews' period), by quarter up to ten years, by year beyond (a
    child's whole life), so the picture and its table stay readable; and the significant
    entries. Zooming to a year shows its months."""
    plain = qs.order_by()
    span = plain.aggregate(first=Min("date"), last=Max("date"))
    start = filters.date_from or span["first"]
    end = filters.date_to or span["last"]
    if start is None or end is None:
        return {"empty": True}
    first, last = _month_index(start), _month_index(end)
    months_apart = last - first + 1
    per = 1 if months_apart <= MONTHLY_UP_TO else 3 if months_apart <= QUARTERLY_UP_TO else 12
    if per == 12:  # whole calendar years
        first -= first % 12
    elif per == 3:  # whole quarters
        first -= first % 3
    buckets = _bucket_of(last, per, first) + 1
    counts: dict[tuple[int, int], int] = {}
    for row in plain.annotate(month=TruncMonth("date")).values("agency_id", "month").annotate(
            n=Count("id")):
        month = row["month"]
        month = month.date() if hasattr(month, "date") and callable(month.date) else month
        b = _bucket_of(_month_index(month), per, first)
        counts[(row["agency_id"], b)] = counts.get((row["agency_id"], b), 0) + row["n"]
    marked = list(plain.filter(significance__isnull=False).values_list(
        "agency_id", "date")[:500])
    by_id = {a.pk: a for a in agencies}
    lanes = [by_id[a] for a in sorted({a for a, _b in counts}, key=lambda a: by_id[a].name)
             if a in by_id]
    top = max(counts.values(), default=1)
    left, width, lane_h, axis_h = 230, 960, 34, 40
    plot = width - left - 20
    step = plot / buckets
    svg_lanes = []
    for i, agency in enumerate(lanes):
        y = i * lane_h
        colour = PALETTE[i % len(PALETTE)]
        marks = []
        for b in range(buckets):
            n = counts.get((agency.pk, b), 0)
            if n:
                # The largest circle fills its lane, never its neighbours' months.
                r = 3 + max(0, min(14, step / 2) - 3) * (n / top) ** 0.5
                marks.append({"x": round(left + step * (b + 0.5), 1), "r": round(r, 1), "n": n,
                              "label": _bucket_label(first, per, b)})
        sig = []
        for agency_id, day in marked:
            if agency_id != agency.pk:
                continue
            x = left + step * ((_month_index(day) - first) / per
                               + (day.day - 1) / 31 / per)
            cy = y + lane_h / 2
            sig.append({"points": f"{x:.1f},{cy - 9:.1f} {x + 9:.1f},{cy:.1f} "
                                  f"{x:.1f},{cy + 9:.1f} {x - 9:.1f},{cy:.1f}",
                        "date": f"{day:%-d %B %Y}"})
        svg_lanes.append({"agency": agency, "y": y, "mid": y + lane_h / 2, "colour": colour,
                          "shade": i % 2 == 0, "marks": marks, "significant": sig})
    ticks = []
    label_every = max(1, buckets // 12)
    for b in range(0, buckets, label_every):
        ticks.append({"x": round(left + step * b, 1), "label": _bucket_label(first, per, b)})
    height = len(lanes) * lane_h + axis_h
    table = [{"agency": a, "counts": [counts.get((a.pk, b), 0) for b in range(buckets)],
              "total": sum(counts.get((a.pk, b), 0) for b in range(buckets))} for a in lanes]
    unit = {1: "month", 3: "quarter", 12: "year"}[per]
    years = list(range(start.year, end.year + 1))
    return {"empty": False, "lanes": svg_lanes, "ticks": ticks, "width": width,
            "height": height, "left": left, "plot_bottom": len(lanes) * lane_h,
            "lane_h": lane_h, "buckets": [_bucket_label(first, per, b) for b in range(buckets)],
            "table": table, "unit": unit, "years": years, "start": start, "end": end,
            "marked": len(marked), "top": top}


@login_required
@require_GET
def merged_timeline(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names, full = _reader(request, review_uuid)
    agencies = _agencies(review)
    filters = read_filters(request.GET, review, names, agencies)
    personalised = _personalised(request.GET, names, full)
    anonymised, updating = _searched(
        review, Anonymiser(review, names, personalised=personalised), filters)
    data = ({"empty": True, "updating": True} if updating else timeline_data(
        filters.apply(merge.current_entries(review, hidden=_hidden(request, review)),
                      anonymised=anonymised), agencies, filters))
    view_param = _view_param(personalised)
    base = [p for p in filters.params() if not p[0].startswith(("from-", "to-"))] + view_param
    zoom_years = [(y, reverse("chronology:merged_timeline", args=[review.uuid]) + "?" + urlencode(
        base + [("from-year", y), ("to-year", y)])) for y in data.get("years", [])]
    quarters = []
    if filters.date_from and filters.date_to and filters.date_from.year == filters.date_to.year:
        y = filters.date_from.year
        for q in range(4):
            quarters.append((f"{calendar.month_abbr[q * 3 + 1]} to "
                             f"{calendar.month_abbr[q * 3 + 3]} {y}",
                             reverse("chronology:merged_timeline", args=[review.uuid]) + "?"
                             + urlencode(base + [("from-month", q * 3 + 1), ("from-year", y),
                                                 ("to-month", q * 3 + 3), ("to-year", y)])))
    _viewed(request, review, names, "Viewed the merged chronology's timeline",
            personalised=personalised, filtered=filters.active, filters=filters.audited(),
            updating=updating)
    return render(request, "chronology/merged_timeline.html", {
        "title": f"Timeline – merged chronology – {_title(review, names, personalised)}",
        "subject": _title(review, names, personalised), "review": review,
        "names": names, "filters": filters, "agencies": agencies, "t": data, "full": full,
        "people": [(e.pk, _person_label(e, names, personalised)) for e in names.entries],
        "personalised": personalised, "zoom_years": zoom_years, "quarters": quarters,
        "whole_url": reverse("chronology:merged_timeline", args=[review.uuid]) + (
            "?" + urlencode(base) if base else ""),
        "list_url": _merged_url(review, filters.params() + view_param),
        "view_param": view_param, "updating_message": UPDATING,
    })


# --- Possible duplicates -----------------------------------------------------------------------

def _entry_in(request: HttpRequest, review: Review, pk: int) -> Entry:
    """A current entry of the review, 404 if it is restricted from this reader."""
    return get_object_or_404(merge.current_entries(review, hidden=_hidden(request, review))
                             .select_related("agency"), pk=pk)


@login_required
@require_GET
def merged_duplicates(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names, _full = _reader(request, review_uuid, act=True)
    personalised = _personalised(request.GET, names, True)
    anon = Anonymiser(review, names, personalised=personalised)
    # The stored suggestions (worked out once after each acceptance), a page of them shown.
    hidden = _hidden(request, review)
    found_open = duplicates.open_suggestions(review, hidden=hidden)
    page = Paginator(found_open.suggestions, SUGGESTIONS_SHOWN).get_page(request.GET.get("page"))
    suggestions = page.object_list
    ids = {s.entry_id for s in suggestions} | {s.original_id for s in suggestions}
    found = {e.pk: e for e in merge.merged_entries(review, hidden=hidden).filter(pk__in=ids)
             } if ids else {}
    pairs = []
    for s in suggestions:
        entry, original = found.get(s.entry_id), found.get(s.original_id)
        if entry is None or original is None:
            continue
        pairs.append({"s": s, "sides": [
            {"e": e, "text": anon.text(e.event), "action": anon.text(e.action),
             "source": anon.text(e.source), "place": _place(e)} for e in (original, entry)]})
    _viewed(request, review, names, "Viewed the possible duplicates in the merged chronology",
            suggestions=len(pairs), page=page.number)
    view_query = urlencode(_view_param(personalised))
    return render(request, "chronology/merged_duplicates.html", {
        "title": "Possible duplicates – merged chronology – "
                 f"{_title(review, names, personalised)}",
        "subject": _title(review, names, personalised), "review": review,
        "names": names, "pairs": pairs, "personalised": personalised, "full": True,
        "page": page, "page_url": f"?{view_query}&page=", "updating": found_open.updating,
        "list_url": _merged_url(review, _view_param(personalised)),
        "here": request.get_full_path()})


def _back_after_decision(request: HttpRequest, review: Review) -> str:
    # A decision taken on the list of suggestions returns there, not to the merged page.
    return back_to_merged(request, review, reverse("chronology:merged_duplicates", args=[review.uuid]))


@login_required
@require_POST
def same_event(request: HttpRequest, review_uuid: str, pk: int, original_pk: int) -> HttpResponse:
    review, _names, _full = _reader(request, review_uuid, act=True)
    entry, original = _entry_in(request, review, pk), _entry_in(request, review, original_pk)
    run_action(request, lambda: actions.link_duplicate(
        review, entry, original, by=request.user, reason=request.POST.get("reason", "")[:300]),
        f"Linked as the same event: the {entry.agency.name} entry and the "
        f"{original.agency.name} entry. Both stay in the chronology.")
    return redirect(_back_after_decision(request, review))


@login_required
@require_POST
def not_same_event(request: HttpRequest, review_uuid: str, pk: int,
                   original_pk: int) -> HttpResponse:
    review, _names, _full = _reader(request, review_uuid, act=True)
    entry, original = _entry_in(request, review, pk), _entry_in(request, review, original_pk)
    run_action(request, lambda: actions.dismiss_duplicate(
        review, entry, original, by=request.user, reason=request.POST.get("reason", "")[:300]),
        "Marked as not the same event: it will not be suggested again.")
    return redirect(_back_after_decision(request, review))


# --- Significant entries -----------------------------------------------------------------------

@login_required
def mark_significant(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    """GET: the entry and a note; POST: mark it significant (or change the note)."""
    review, names, _full = _reader(request, review_uuid, act=True)
    entry = _entry_in(request, review, pk)
    mark = _mark_of(entry)
    error = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        if len(note) > 2000:
            error = "The note must be 2,000 characters or fewer"
        elif run_action(request, lambda: actions.mark_significant(
                review, entry, by=request.user, note=note),
                "Entry marked as significant." if mark is None else "Note changed."):
            return redirect(back_to_merged(request, review) + f"#entry-{entry.pk}")
    personalised = _personalised(request.GET if request.method == "GET" else request.POST,
                                 names, True)
    anon = Anonymiser(review, names, personalised=personalised)
    return render(request, "chronology/merged_significant.html", {
        "title": "Mark an entry as significant – merged chronology – "
                 f"{_title(review, names, personalised)}",
        "subject": _title(review, names, personalised),
        "review": review, "names": names, "entry": entry, "mark": mark, "error": error,
        "personalised": personalised,
        "event": anon.text(entry.event), "source": anon.text(entry.source),
        "place": _place(entry), "note": request.POST.get("note") if request.method == "POST"
        else (mark.note if mark else ""),
        "next": request.GET.get("next") or request.POST.get("next") or _merged_url(review),
        "back_url": back_to_merged(request, review)}, status=400 if error else 200)


@login_required
@require_POST
def unmark_significant(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, _names, _full = _reader(request, review_uuid, act=True)
    entry = _entry_in(request, review, pk)
    done = actions.unmark_significant(review, entry, by=request.user)
    if done:
        messages.success(request, "The entry is no longer marked as significant.")
    else:
        messages.error(request, "The entry was not marked as significant.")
    return redirect(back_to_merged(request, review) + f"#entry-{entry.pk}")


# --- Exports -----------------------------------------------------------------------------------

@login_required
@require_POST
def export(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """The whole merged chronology as a file: personalised only when asked for by someone who
    may personalise; every export audited (by exports.export_chronology)."""
    review, names, full = _reader(request, review_uuid)
    fmt = request.POST.get("format", "")
    personalised = _personalised(request.POST, names, full, default=False)
    back = _merged_url(review, _view_param(personalised))
    if fmt not in exports.EXPORT_FORMATS:
        messages.error(request, "Choose a format to export the chronology in.")
        return redirect(back)
    # Real names for the whole case in one file: confirm it's you first.
    if personalised and (needed := reauthentication_needed(request, back, again=True)):
        return needed
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse)
    try:
        exports.export_chronology(review, fmt=fmt, anonymised=not personalised,
                                  viewer=request.user, out=out)
    except exports.ExportTooLarge as exc:
        out.close()
        messages.error(request, str(exc))
        return redirect(back)
    out.seek(0)
    response = FileResponse(out, as_attachment=True,
                            filename=exports.filename_for(review, fmt, not personalised),
                            content_type=exports.EXPORT_FORMATS[fmt][1])
    return response
