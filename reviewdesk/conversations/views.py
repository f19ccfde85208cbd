"""The reviewer's conversations with staff and the areas staff raise.

The lead reviewer's pages (``Permission.MANAGE_CONVERSATIONS``, ``READ_AREAS_RAISED``): the
review's "Conversations with staff", one conversation, the areas raised, and their forms. The
business manager reads one conversation's note only once the reviewer shares it
(``access.may_read_conversation_note``). The practitioner's (``Permission.ACT_AS_PRACTITIONER``),
on their own records only: answering a request, their consent, raising an area; and their
sections on their own page. Everyone else who sees the review gets 403, outsiders 404; a
practitioner at another practitioner's conversation 404, as if it did not exist.
"""

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.conversations import actions, selectors
from reviewdesk.conversations.forms import (
    ANOTHER,
    AnswerForm,
    AreaForm,
    AskForm,
    ConsentForm,
    HeldForm,
    NoteForm,
    OffersForm,
    ReplyForm,
)
from reviewdesk.parallel.restrictions import topics_as_seen
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, save_form
from reviewdesk.staff.models import AreaRaised, Conversation, Practitioner
from reviewdesk.staff.selectors import practitioner_for, practitioners_of

Status = Conversation.Status


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _conversation(review: Review, pk: int) -> Conversation:
    found = get_object_or_404(Conversation.objects.select_related(
        "practitioner__identity", "practitioner__agency", "meeting"), pk=pk, review=review)
    found.review = review
    return found


def _lead(request: HttpRequest, review_uuid: str, pk: int | None = None
          ) -> tuple[Review, Names, Conversation | None]:
    review, names = review_for(request, review_uuid, Permission.MANAGE_CONVERSATIONS)
    return review, names, (_conversation(review, pk) if pk is not None else None)


def _lead_conversation(request: HttpRequest, review_uuid: str, pk: int
                       ) -> tuple[Review, Names, Conversation]:
    review, names, conversation = _lead(request, review_uuid, pk)
    assert conversation is not None
    return review, names, conversation


def _own(request: HttpRequest, review_uuid: str) -> tuple[Review, Names, Practitioner]:
    """The practitioner's own record on the review: 403 for anyone who is not a practitioner on
    it."""
    review, names = review_for(request, review_uuid, Permission.ACT_AS_PRACTITIONER)
    practitioner = practitioner_for(_user(request), review)
    if practitioner is None:
        raise PermissionDenied("You are not on this review's list of practitioners yet: ask the "
                               "business manager.")
    return review, names, practitioner


def _own_conversation(request: HttpRequest, review_uuid: str, pk: int
                      ) -> tuple[Review, Names, Conversation]:
    review, names, practitioner = _own(request, review_uuid)
    conversation = get_object_or_404(Conversation.objects.select_related("meeting"), pk=pk,
                                     review=review, practitioner=practitioner)
    conversation.review, conversation.practitioner = review, practitioner
    return review, names, conversation


def _conversation_url(conversation: Conversation) -> str:
    return reverse("conversations:conversation", args=[conversation.review.uuid,
                                                        conversation.pk])


def _own_page(review: Review, anchor: str = "") -> str:
    return reverse("reviews:review", args=[review.uuid]) + anchor


# --- The lead reviewer's pages --------------------------------------------------------------------

@login_required
@require_GET
def staff(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Every practitioner on the review, their conversation's state and the areas they raised."""
    review, names, _ = _lead(request, review_uuid)
    record("conversations.viewed", review=review, summary="Read the conversations with staff")
    rows = selectors.rows(review)
    return render(request, "conversations/staff.html", {
        "title": f"Conversations with staff – {names.title}", "review": review, "names": names,
        "rows": rows, "new_areas": sum(r.new_areas for r in rows),
        "areas": sum(r.areas for r in rows), "when": selectors.when,
    })


@login_required
def ask(request: HttpRequest, review_uuid: str, practitioner_id: int) -> HttpResponse:
    review, names, _ = _lead(request, review_uuid)
    practitioner = get_object_or_404(practitioners_of(review), pk=practitioner_id)
    form = AskForm(request.POST or None)
    made: list[Conversation] = []

    def save(data: dict) -> None:
        made.append(actions.ask_for_conversation(
            practitioner, by=_user(request), areas=data["areas"], offers=data["offers"],
            place=data["place"]))

    if save_form(request, form, save, "Your request is on the practitioner's page. You will see "
                                      "here when they answer."):
        return redirect(_conversation_url(made[0]))
    who = names.entry_with_label(practitioner.identity)
    return form_page(
        request, form, heading=f"Ask to speak with {who}", button="Ask to speak with them",
        caption=names.title, back_url=reverse("conversations:staff", args=[review.uuid]),
        back_text="Back to conversations with staff",
        intro="Say what you would like to explore and offer up to three dates and times (an "
              "hour each). The practitioner accepts one on their page or asks for another.")


@login_required
@require_GET
def conversation(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _lead_conversation(request, review_uuid, pk)
    record("conversations.conversation_viewed", review=review,
           summary="Read a conversation with a practitioner", data={"conversation": found.pk})
    return render(request, "conversations/conversation.html", {
        "title": f"Conversation with {names.entry(found.practitioner.identity)} – {names.title}",
        "review": review, "names": names, "c": found, "when": selectors.when,
        "offered": actions.offered_times(found), "place": actions.offered_place(found),
        "open": found.status in actions.OPEN, "topics": topics_as_seen(review, names),
    })


@login_required
def offer(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _lead_conversation(request, review_uuid, pk)
    form = OffersForm(request.POST or None, initial={"place": actions.offered_place(found)})
    if save_form(request, form, lambda data: actions.offer_new_dates(
            found, by=_user(request), offers=data["offers"], place=data["place"]),
            "The new dates are on the practitioner's page."):
        return redirect(_conversation_url(found))
    intro = "The practitioner chooses one of these on their page, or asks for another."
    if found.status == Status.BOOKED:
        intro = ("The date booked is cancelled, and the practitioner chooses one of these "
                 "instead.")
    elif found.status == Status.OTHER_DATE_ASKED:
        intro = f"They said: “{names.redact(found.practitioner_reply)}”. {intro}"
    return form_page(request, form, heading="Offer new dates", button="Offer these dates",
                     caption=names.title, back_url=_conversation_url(found),
                     back_text="Back to the conversation", intro=intro)


@login_required
def record_held(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _lead_conversation(request, review_uuid, pk)
    form = HeldForm(request.POST or None)
    if save_form(request, form, lambda data: actions.record_held(
            found, by=_user(request), held_on=data["held_on"], note=data["note"]),
            "The conversation is recorded as held. The review's timeline says a conversation "
            "was held, and nothing more."):
        return redirect(_conversation_url(found))
    return form_page(request, form, heading="Record the conversation as held",
                     button="Record it as held", caption=names.title,
                     back_url=_conversation_url(found), back_text="Back to the conversation")


@login_required
def note(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _lead_conversation(request, review_uuid, pk)
    form = NoteForm(found, request.POST or None)
    if save_form(request, form, lambda data: actions.save_note(
            found, by=_user(request), note=data["note"], shared=data["shared"],
            version=data.get("version")), "The note is saved."):
        return redirect(_conversation_url(found) + "#note")
    return form_page(request, form, heading="Your note of the conversation", button="Save the note",
                     caption=names.title, back_url=_conversation_url(found),
                     back_text="Back to the conversation",
                     intro="Only the review's lead reviewers read it, and the business manager "
                           "if you share it.")


@login_required
def consent(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _lead_conversation(request, review_uuid, pk)
    form = ConsentForm(request.POST or None, initial={"consent": found.consent})
    if save_form(request, form, lambda data: actions.record_consent(
            found, by=_user(request), consent=data["consent"], given_on=data["given_on"]),
            "Their consent is recorded. They see it on their page, and can change it there."):
        return redirect(_conversation_url(found) + "#consent")
    return form_page(
        request, form, heading="Record their consent", button="Record their consent",
        caption=names.title, back_url=_conversation_url(found),
        back_text="Back to the conversation",
        intro="As the practitioner gave it: it is recorded on their behalf, and they see it, and "
              "can change it, on their own page.")


@login_required
@require_GET
def shared_note(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    """One conversation's note, for the business manager once the reviewer shares it."""
    review, names = review_for(request, review_uuid)
    found = _conversation(review, pk)
    if not access.may_read_conversation_note(_user(request), found):
        raise PermissionDenied("Only the lead reviewer reads this note, and the business "
                               "manager if the reviewer shares it.")
    record("conversations.note_viewed", review=review, summary="Read a shared conversation note",
           data={"conversation": found.pk})
    return render(request, "conversations/shared_note.html", {
        "title": f"Conversation note – {names.title}", "review": review, "names": names,
        "c": found,
    })


@login_required
@require_GET
def areas(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_AREAS_RAISED)
    record("conversations.areas_viewed", review=review, summary="Read the areas staff raised")
    return render(request, "conversations/areas.html", {
        "title": f"Areas raised by staff – {names.title}", "review": review, "names": names,
        "areas": selectors.areas(review),
    })


@login_required
def answer_area(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_AREAS_RAISED)
    area = get_object_or_404(AreaRaised.objects.select_related("practitioner__identity"), pk=pk,
                             review=review)
    area.review = review
    form = AnswerForm(request.POST or None, initial={"status": area.status,
                                                     "reply": area.reply})
    if save_form(request, form, lambda data: actions.answer_area(
            area, by=_user(request), status=data["status"], reply=data["reply"],
            replied_on=data["replied_on"]),
            "Your reply is on the practitioner's page."):
        return redirect(reverse("conversations:areas", args=[review.uuid]) + f"#area-{area.pk}")
    return form_page(
        request, form, heading=f"Answer {names.entry(area.practitioner.identity)}",
        button="Send the reply", caption=names.title,
        back_url=reverse("conversations:areas", args=[review.uuid]),
        back_text="Back to the areas raised", template="conversations/answer_area.html",
        context={"area": area, "names": names, "review": review})


# --- The practitioner's own -----------------------------------------------------------------------

@login_required
def reply(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    """The practitioner accepts one of the dates offered, or asks for another."""
    review, names, found = _own_conversation(request, review_uuid, pk)
    offered = actions.offered_times(found)
    form = ReplyForm(found, offered, request.POST or None)

    def save(data: dict) -> Any:
        if data["choice"] == ANOTHER:
            return actions.ask_for_another_date(found, by=_user(request), note=data["note"])
        return actions.accept_date(found, by=_user(request),
                                   starts_at=datetime.fromisoformat(data["choice"]))

    if save_form(request, form, save,
                 lambda c: "The conversation is booked: it is on your page."
                 if c.status == Status.BOOKED else
                 "The reviewer is told you asked for another date."):
        return redirect(_own_page(review, "#talking-to-the-reviewer"))
    place = actions.offered_place(found)
    return form_page(
        request, form, heading="Speak with the lead reviewer", button="Send your answer",
        caption=names.title, back_url=_own_page(review), back_text="Back to the review",
        template="conversations/reply.html",
        context={"c": found, "names": names, "place": place, "review": review})


@login_required
def own_consent(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _own_conversation(request, review_uuid, pk)
    form = ConsentForm(request.POST or None, initial={"consent": found.consent})
    if save_form(request, form, lambda data: actions.record_consent(
            found, by=_user(request), consent=data["consent"], given_on=data["given_on"]),
            "Your choice is recorded. You can change it here at any time."):
        return redirect(_own_page(review, "#talking-to-the-reviewer"))
    return form_page(
        request, form, heading="How what you said may be used", button="Save your choice",
        caption=names.title, back_url=_own_page(review), back_text="Back to the review",
        intro="The report never names you. Say whether what you told the reviewer may be quoted "
              "without your name, only paraphrased, or not used at all.")


@login_required
def raise_area(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names, practitioner = _own(request, review_uuid)
    form = AreaForm(request.POST or None)
    if save_form(request, form, lambda data: actions.raise_area(
            practitioner, by=_user(request), text=data["text"]),
            "The lead reviewer will read it. Their reply will be on this page."):
        return redirect(_own_page(review, "#areas-raised"))
    return form_page(
        request, form, heading="Tell the reviewer what you think matters",
        button="Send it to the reviewer", caption=names.title, back_url=_own_page(review),
        back_text="Back to the review",
        intro="Something you think the review should look at: what helped, what got in the way, "
              "what you would want others to learn. Only the lead reviewer reads it.")


# --- Sections -------------------------------------------------------------------------------------

def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review page: for the lead reviewer(s), how many practitioners, conversations and
    new areas raised, and the way to them; for the business manager, a link to each note the
    reviewer shared with them (one at a time, never their words here). Nobody else is shown even
    a count."""
    user = _user(request)
    if not access.can(user, review, Permission.MANAGE_CONVERSATIONS):
        if not access.is_business_manager_of(user, review):
            return None
        shared = [c for c in Conversation.objects.filter(
            review=review, status=Status.HELD, note_shared_with_business_manager=True
        ).select_related("practitioner__identity") if access.may_read_conversation_note(user, c)]
        if not shared:
            return None
        return Section(template="conversations/_shared_notes.html", order=55,
                       context={"shared": shared})
    rows = selectors.rows(review)
    return Section(template="conversations/_section.html", order=55, context={
        "practitioners": len(rows), "held": sum(r.held for r in rows),
        "booked": sum(1 for r in rows if r.conversation and r.conversation.status ==
                      Status.BOOKED),
        "new_areas": sum(r.new_areas for r in rows)})


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the practitioner's own page: their conversation with the reviewer, and the areas they
    raised with the replies."""
    user = _user(request)
    if not access.can(user, review, Permission.ACT_AS_PRACTITIONER):
        return None
    practitioner = practitioner_for(user, review)
    if practitioner is None:
        return None
    conversations = selectors.own_conversations(practitioner)
    now = selectors.current(conversations)
    return Section(template="conversations/_practitioner.html", order=40, context={
        "conversation": now, "earlier": [c for c in conversations if c is not now],
        "areas": selectors.own_areas(practitioner), "when": selectors.when,
        "offered": actions.offered_times, "place": actions.offered_place,
        "topics": topics_as_seen(review, names) if now is not None else []})
