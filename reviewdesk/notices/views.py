from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.audit.services import record
from reviewdesk.notices import actions
from reviewdesk.notices.defaults import PLACEHOLDERS, ensure_default_templates
from reviewdesk.notices.forms import NoticeTemplateForm
from reviewdesk.notices.models import Notice, NoticeTemplate
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import login_required, run_action, save_form


@login_required
@require_GET
def review_notices(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review = access.get_review_for(request.user, review_uuid)
    access.require(request.user, review, Permission.VIEW_NOTICES)
    names = Names(review, request.user)
    notices = [_as_seen(n, names) for n in review.notices.all()]
    return render(request, "notices/review_notices.html", {
        "title": f"Notices – {names.title}", "review": review, "names": names,
        "notices": notices, "can_send": access.can(request.user, review, Permission.SEND_NOTICES),
    })


def _as_seen(item: Notice, names: Names) -> Notice:
    """A notice as this viewer may see it. Notices to a person greet them by name and their
    address usually holds their name too: both go through the identity register, and addresses
    are shown only to those who may see every identity."""
    item.shown_subject = names.redact(item.subject)
    item.shown_body = names.redact(item.body)
    item.shown_label = names.redact(item.recipient_label)
    item.shown_recipients = item.recipients if access.sees_staff_identities(names.tier) else []
    return item


@login_required
@require_GET
def notice(request: HttpRequest, review_uuid: str, notice_uuid: str) -> HttpResponse:
    review = access.get_review_for(request.user, review_uuid)
    access.require(request.user, review, Permission.VIEW_NOTICES)
    item = get_object_or_404(review.notices, uuid=notice_uuid)
    record("notice.viewed", review=review, summary="Viewed a notice",
           data={"notice": item.pk})
    names = Names(review, request.user)
    item = _as_seen(item, names)
    return render(request, "notices/notice.html", {
        "title": f"{item.shown_subject} – {names.title}", "review": review, "names": names,
        "notice": item, "can_send": access.can(request.user, review, Permission.SEND_NOTICES),
    })


@login_required
@require_POST
def retry(request: HttpRequest, review_uuid: str, notice_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SEND_NOTICES)
    item = get_object_or_404(review.notices, uuid=notice_uuid)
    run_action(request, lambda: actions.retry(item, by=request.user),
               f"Sending again to {names.redact(item.recipient_label)}.")
    return redirect("notices:review_notices", review.uuid)


@login_required
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    access.require_partnership(access.may_edit_notice_templates(request.user),
                               "change notice templates")
    ensure_default_templates(request.user.partnership_id)
    items = NoticeTemplate.objects.filter(partnership_id=request.user.partnership_id)
    return render(request, "notices/templates.html", {"title": "Notice templates",
                                                      "templates": items})


@login_required
def edit_template(request: HttpRequest, key: str) -> HttpResponse:
    access.require_partnership(access.may_edit_notice_templates(request.user),
                               "change notice templates")
    ensure_default_templates(request.user.partnership_id)
    template = get_object_or_404(NoticeTemplate, partnership_id=request.user.partnership_id,
                                 key=key)
    form = NoticeTemplateForm(request.POST or None,
                              initial={"subject": template.subject, "body": template.body},
                              template=template)
    if save_form(request, form, lambda data: actions.save_template(
            template, by=request.user, **data),
            f"'{template.name}' saved. New notices use it from now on."):
        return redirect("notices:templates")
    return render(request, "notices/edit_template.html", {
        "title": f"Change '{template.name}'", "form": form, "template": template,
        "placeholders": PLACEHOLDERS,
    })
