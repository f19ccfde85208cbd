"""The public pages: no sign-in, no staff navigation, and only what is published. Every read goes
through ``selectors`` (a publication in a public state, by its slug); nothing here looks at a
review's other records. Pages with no form set no cookie, so they are safe to keep in a cache for
a few minutes (``public_page``) and to crawl; the request form sets the CSRF cookie it needs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk.accounts.models import Partnership
from reviewdesk.client_address import client_ip
from reviewdesk.middleware import public_page
from reviewdesk.public_site import actions, selectors
from reviewdesk.public_site.forms import HONEYPOT, RequestForm
from reviewdesk.publication.models import Publication
from reviewdesk.shortcuts import form_errors_from

State = Publication.State
# The latest reports shown on the list of every partnership (each partnership's page has all).
LATEST = 10


def _site_name(publications: list[Publication]) -> str:
    """The header's name: the partnership's, where the page (or the deployment) has one."""
    partnerships = {p.review.partnership.name for p in publications}
    if len(partnerships) == 1:
        return partnerships.pop()
    names = list(Partnership.objects.values_list("name", flat=True)[:2])
    return names[0] if len(names) == 1 else "Safeguarding children partnerships"


def _grouped(publications: list[Publication]) -> list[tuple[Partnership, list[Publication]]]:
    groups: dict[int, tuple[Partnership, list[Publication]]] = {}
    for p in publications:
        groups.setdefault(p.review.partnership_id, (p.review.partnership, []))[1].append(p)
    return sorted(groups.values(), key=lambda group: group[0].name)


@public_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    # ?partnership=<its code>: one partnership's reports (codes are public: they start every
    # reference); an unknown code shows nothing rather than an error.
    code = request.GET.get("partnership", "").strip().upper()
    on_site, on_request_counts = selectors.counts(State.PUBLISHED), selectors.counts(
        State.ON_REQUEST)
    partnerships = list(Partnership.objects.filter(pk__in=set(on_site) | set(on_request_counts))
                        .order_by("name"))
    chosen = (next((p for p in partnerships if p.code == code), None)
              or Partnership.objects.filter(code=code).first()) if code else None
    # One partnership's page lists its reports. With several partnerships and none chosen, the
    # page would list every report of every one: it shows the latest few and, for each
    # partnership, how many it has, linking to its list.
    one = chosen is not None or len(partnerships) <= 1
    published, on_request = selectors.published(), selectors.on_request()
    if chosen is not None:
        published = published.filter(review__partnership=chosen)
        on_request = on_request.filter(review__partnership=chosen)
    published_list = list(published if one else published[:LATEST])
    on_request_list = list(on_request) if one else []
    return render(request, "public_site/index.html", {
        "title": f"Published reports – {chosen.name}" if chosen else "Published reports",
        "site_name": chosen.name if chosen else _site_name(published_list + on_request_list),
        "published": _grouped(published_list),
        "counts": [] if one else [(p, on_site.get(p.pk, 0), on_request_counts.get(p.pk, 0))
                                  for p in partnerships],
        "on_request": _grouped(on_request_list),
        "partnerships": partnerships if len(partnerships) > 1 else [], "chosen": chosen})


@public_page
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.by_slug(slug)
    context = {"title": publication.title, "publication": publication,
               "site_name": publication.review.partnership.name}
    if publication.state == State.WITHDRAWN:
        return render(request, "public_site/withdrawn.html", context, status=410)
    if publication.state == State.ON_REQUEST:
        # The request form on the page itself (it sets the CSRF cookie, so this page is not
        # kept in caches; a published report's page has no form and is).
        context |= {"form": RequestForm(list(selectors.requestable(
                        publication.review.partnership_id)),
                                        initial={"report": publication.slug}),
                    "honeypot": HONEYPOT}
    return render(request, "public_site/report.html", context)


@public_page
@require_GET
def download(request: HttpRequest, slug: str, kind: str) -> FileResponse:
    publication = selectors.by_slug(slug, [State.PUBLISHED])
    if kind == "actions":
        if not (publication.actions_published and publication.actions_document):
            raise Http404("No published document on actions taken")
        stored, name = publication.actions_document, f"{publication.title} - actions taken.pdf"
    else:
        stored, name = publication.document, f"{publication.title}.pdf"
    # The name from the title (a pseudonym), never the stored file's name.
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")


def _client_hash(request: HttpRequest) -> str:
    return actions.hash_address(client_ip(request))


def _too_many(request: HttpRequest, publication: Publication,
              exc: actions.TooManyRequests) -> HttpResponse:
    response = render(request, "public_site/too_many.html", {
        "title": "Too many requests", "publication": publication, "message": exc.messages[0],
        "site_name": publication.review.partnership.name}, status=429)
    wait = max(int((exc.retry_at - timezone.now()).total_seconds()), 1)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.by_slug(slug, selectors.REQUESTABLE)
    reports = list(selectors.requestable(publication.review.partnership_id))
    posted = request.method == "POST"
    form = RequestForm(reports, request.POST if posted else None,
                       initial={"report": publication.slug})
    sent = reverse("public_site:request_sent", args=[publication.slug])
    if posted and form.is_spam:
        return redirect(sent)  # as if it were taken: nothing is saved or sent
    if posted and form.is_valid():
        chosen = form.chosen()
        try:
            actions.take_request(chosen, name=form.cleaned_data["name"],
                                 email=form.cleaned_data["email"],
                                 reason=form.cleaned_data["reason"],
                                 client_hash=_client_hash(request))
        except actions.TooManyRequests as exc:
            return _too_many(request, chosen, exc)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect(reverse("public_site:request_sent", args=[chosen.slug]))
    return render(request, "public_site/request.html", {
        "title": f"Ask for a copy of {publication.title}", "publication": publication,
        "form": form, "honeypot": HONEYPOT, "site_name": publication.review.partnership.name})


@public_page
@require_GET
def request_sent(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.by_slug(slug, selectors.REQUESTABLE)
    return render(request, "public_site/request_sent.html", {
        "title": "Your request has been sent", "publication": publication,
        "due_on": actions.due_on(publication, timezone.localdate()),
        "site_name": publication.review.partnership.name})


@public_page
@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the published reports (and the styles they are shown with), nothing
    else."""
    lines = ["User-agent: *", f"Allow: {reverse('public_site:index')}",
             f"Allow: {settings.STATIC_URL}", "Disallow: /", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
