from django.urls import path

from reviewdesk.conversations import views

app_name = "conversations"

REVIEW = "reviews/<uuid:review_uuid>/"
CONVERSATION = f"{REVIEW}conversations/<int:pk>/"

urlpatterns = [
    # The lead reviewer's.
    path(f"{REVIEW}conversations/", views.staff, name="staff"),
    path(f"{REVIEW}conversations/ask/<int:practitioner_id>/", views.ask, name="ask"),
    path(CONVERSATION, views.conversation, name="conversation"),
    path(f"{CONVERSATION}offer/", views.offer, name="offer"),
    path(f"{CONVERSATION}held/", views.record_held, name="record_held"),
    path(f"{CONVERSATION}note/", views.note, name="note"),
    path(f"{CONVERSATION}consent/", views.consent, name="consent"),
    path(f"{REVIEW}areas-raised/", views.areas, name="areas"),
    path(f"{REVIEW}areas-raised/<int:pk>/answer/", views.answer_area, name="answer_area"),
    # The business manager's, once the reviewer shares the note.
    path(f"{CONVERSATION}shared-note/", views.shared_note, name="shared_note"),
    # The practitioner's own.
    path(f"{REVIEW}my-conversations/<int:pk>/reply/", views.reply, name="reply"),
    path(f"{REVIEW}my-conversations/<int:pk>/consent/", views.own_consent, name="own_consent"),
    path(f"{REVIEW}raise-an-area/", views.raise_area, name="raise_area"),
]
