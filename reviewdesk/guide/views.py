"""Help: the guide (docs/guide/), read-only, for anyone signed in. The pages are the same for
everyone and hold no one's identity, so reading them is not audited."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviewdesk.guide import pages
from reviewdesk.shortcuts import login_required


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _show(request, pages.INDEX)


@login_required
@require_GET
def page(request: HttpRequest, name: str) -> HttpResponse:
    # The index has one address, /help/.
    if name == pages.INDEX:
        raise Http404("No such help page.")
    return _show(request, name)


def _show(request: HttpRequest, name: str) -> HttpResponse:
    found = pages.load(name)
    if found is None:
        raise Http404("No such help page.")
    return render(request, "guide/page.html", {"title": found.title, "page": found,
                                               "is_index": name == pages.INDEX})
