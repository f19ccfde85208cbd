"""The partnership's lists: made with the defaults on first use, changed by the business manager
on the settings page, all or nothing."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.checklist import actions, defaults
from reviewdesk.reports.models import JargonTerm, RequiredSection
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

LISTS = "/settings/report-checklist/"


def test_the_defaults_are_made_on_first_use_once(partnership: Partnership) -> None:
    assert not RequiredSection.objects.exists()
    actions.ensure_lists(partnership.pk)
    actions.ensure_lists(partnership.pk)
    assert [s.name for s in RequiredSection.objects.filter(partnership=partnership)] == [
        name for name, _ in defaults.SECTIONS]
    assert JargonTerm.objects.filter(partnership=partnership).count() == len(defaults.JARGON)


def test_the_business_manager_sees_and_changes_the_lists(
        client_for: ClientFor, partnership: Partnership, business_manager: User) -> None:
    bm = client_for(business_manager)
    body = unescape(bm.get(LISTS).content.decode())
    assert "Methodology" in body and "How the review was carried out" in body
    assert "utilise" in body
    assert "What a report must contain" in unescape(bm.get("/settings/").content.decode())

    added = bm.post(LISTS + "sections/add/", {"name": "Voice of the child",
                                              "headings": "Voice of the child\nChild's voice\n"})
    assert added.status_code == 302
    section = RequiredSection.objects.get(name="Voice of the child")
    assert section.headings == "Voice of the child\nChild's voice"
    assert section.position == len(defaults.SECTIONS) + 1
    same = bm.post(LISTS + "sections/add/", {"name": "voice of the child", "headings": "x"})
    assert "already a required section" in unescape(same.content.decode())
    empty = bm.post(LISTS + f"sections/{section.pk}/", {"name": "Voice", "headings": "  \n"})
    assert "Enter at least one heading" in unescape(empty.content.decode())
    assert bm.post(LISTS + f"sections/{section.pk}/",
                   {"name": "Voice", "headings": "Voice"}).status_code == 302
    assert bm.post(LISTS + f"sections/{section.pk}/remove/").status_code == 302
    assert not RequiredSection.objects.filter(pk=section.pk).exists()

    bad = bm.post(LISTS + "jargon/", {"terms": "utilise = use\nrobust\n"})
    assert "Line 2 has no plain alternative" in unescape(bad.content.decode())
    assert JargonTerm.objects.filter(partnership=partnership).count() == len(defaults.JARGON)
    assert bm.post(LISTS + "jargon/", {"terms": "utilise = use\nLAC: children in care\n"}
                   ).status_code == 302
    assert dict(JargonTerm.objects.values_list("term", "plain")) == {
        "utilise": "use", "LAC": "children in care"}
    events = list(AuditEvent.objects.filter(event_type__startswith="checklist.").order_by("pk")
                  .values_list("event_type", flat=True))
    assert events == ["checklist.section_added", "checklist.section_changed",
                      "checklist.section_removed", "checklist.jargon_set"]


def test_the_last_section_cannot_be_removed(partnership: Partnership,
                                            business_manager: User) -> None:
    actions.ensure_lists(partnership.pk)
    *others, last = RequiredSection.objects.filter(partnership=partnership)
    for section in others:
        actions.remove_section(section, by=business_manager)
    with pytest.raises(ValidationError, match="at least one required section"):
        actions.remove_section(last, by=business_manager)


def test_only_the_business_manager_may_change_them(
        client_for: ClientFor, partnership: Partnership, business_manager: User, partner: User,
        lead_reviewer: User) -> None:
    actions.ensure_lists(partnership.pk)
    section = RequiredSection.objects.get(partnership=partnership, position=1)
    for person in (partner, lead_reviewer):
        assert client_for(person).get(LISTS).status_code == 403
        assert client_for(person).get(LISTS + f"sections/{section.pk}/").status_code == 403
    other = Partnership.objects.create(name="Elsewhere", code="EW")
    actions.ensure_lists(other.pk)
    theirs = RequiredSection.objects.get(partnership=other, position=1)
    assert client_for(business_manager).get(LISTS + f"sections/{theirs.pk}/").status_code == 404
