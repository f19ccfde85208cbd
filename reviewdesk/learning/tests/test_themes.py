"""The partnership's list of themes: the business manager adds, renames, describes, retires and
restores them (never deletes); everyone else is refused; each change is audited."""

from django.urls import reverse

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.action_plan.models import NATIONAL_THEMES, Theme
from reviewdesk.audit.models import AuditEvent
from reviewdesk.testing import ClientFor


def _theme(partnership: Partnership, name: str) -> Theme:
    return Theme.objects.get(partnership=partnership, name=name)


def test_the_list_shows_the_national_themes_marked(client_for: ClientFor, business_manager: User
                                                   ) -> None:
    page = client_for(business_manager).get(reverse("learning:themes")).content.decode()
    assert all(name.replace("'", "&#39;") in page or name in page for name in NATIONAL_THEMES)
    assert "National" in page and "No retired themes." in page
    settings = client_for(business_manager).get(reverse("reviews:settings")).content.decode()
    assert reverse("learning:themes") in settings


def test_the_business_manager_adds_a_theme(client_for: ClientFor, business_manager: User,
                                           partnership: Partnership) -> None:
    response = client_for(business_manager).post(reverse("learning:add_theme"), {
        "name": "  Private   fostering ", "description": "Children cared for by non-relatives."})
    assert response.status_code == 302 and response["Location"] == reverse("learning:themes")
    added = _theme(partnership, "Private fostering")
    assert not added.national and added.description == "Children cared for by non-relatives."
    event = AuditEvent.objects.get(event_type="learning.theme_added")
    assert event.data["theme"] == added.pk and event.data["effective_on"]


def test_a_name_already_on_the_list_is_refused_saying_so(client_for: ClientFor,
                                                          business_manager: User) -> None:
    response = client_for(business_manager).post(reverse("learning:add_theme"),
                                                 {"name": "neglect", "description": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "The list already has a theme called &#39;Neglect&#39;" in page
    empty = client_for(business_manager).post(reverse("learning:add_theme"), {"name": " "})
    assert "Enter the theme&#39;s name" in empty.content.decode()
    assert not AuditEvent.objects.filter(event_type="learning.theme_added").exists()


def test_renaming_keeps_the_tags_and_refuses_a_change_saved_in_between(
        client_for: ClientFor, business_manager: User, partnership: Partnership) -> None:
    neglect = _theme(partnership, "Neglect")
    url = reverse("learning:change_theme", args=[neglect.pk])
    client = client_for(business_manager)
    assert "national themes" in client.get(url).content.decode()
    response = client.post(url, {"name": "Neglect (including dental)", "description": "All forms",
                                 "was_name": "Neglect", "was_description": ""})
    assert response.status_code == 302
    neglect.refresh_from_db()
    assert (neglect.name, neglect.description) == ("Neglect (including dental)", "All forms")
    # A second tab opened before that save: refused, nothing changed.
    stale = client.post(url, {"name": "Chronic neglect", "description": "",
                              "was_name": "Neglect", "was_description": ""})
    assert stale.status_code == 200
    assert "Someone else changed this theme" in stale.content.decode()
    neglect.refresh_from_db()
    assert neglect.name == "Neglect (including dental)"
    event = AuditEvent.objects.get(event_type="learning.theme_changed")
    assert event.data["before"]["name"] == "Neglect"


def test_retiring_and_restoring(client_for: ClientFor, business_manager: User,
                                partnership: Partnership) -> None:
    escalation = _theme(partnership, "Escalation")
    client = client_for(business_manager)
    client.post(reverse("learning:retire_theme", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.retired_at is not None
    page = client.get(reverse("learning:themes")).content.decode()
    assert "Retired themes" in page and "is retired" in page
    # Twice: refused, saying so.
    again = client.post(reverse("learning:retire_theme", args=[escalation.pk]), follow=True)
    assert "already retired" in again.content.decode()
    client.post(reverse("learning:restore_theme", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.retired_at is None and Theme.objects.filter(pk=escalation.pk).exists()
    assert AuditEvent.objects.filter(event_type__in=["learning.theme_retired",
                                                     "learning.theme_restored"]).count() == 2


def test_only_the_business_manager_changes_the_list(client_for: ClientFor, partner: User,
                                                    learning_lead: User,
                                                    partnership: Partnership) -> None:
    neglect = _theme(partnership, "Neglect")
    for person in (partner, learning_lead):
        client = client_for(person)
        assert client.get(reverse("learning:themes")).status_code == 403
        assert client.post(reverse("learning:add_theme"), {"name": "X"}).status_code == 403
        assert client.post(reverse("learning:retire_theme", args=[neglect.pk])).status_code == 403
    neglect.refresh_from_db()
    assert neglect.retired_at is None


def test_another_partnerships_theme_is_not_found(client_for: ClientFor,
                                                 business_manager: User) -> None:
    other = Partnership.objects.create(name="Westvale Safeguarding Children Partnership")
    theirs = Theme.objects.get(partnership=other, name="Neglect")
    client = client_for(business_manager)
    assert client.get(reverse("learning:change_theme", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("learning:retire_theme", args=[theirs.pk])).status_code == 404
