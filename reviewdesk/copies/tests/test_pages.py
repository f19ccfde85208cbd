"""The copies page, its forms, the review page's section and the business manager's home item:
who sees and uses what, each refusal on its form with nothing changed, typed text through the
reader's redactor."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent
from reviewdesk.copies import actions
from reviewdesk.notices.models import Notice
from reviewdesk.publication.models import CopiesDecision, NationalCopy, RepositoryDeposit
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.needs import needs_for

pytestmark = pytest.mark.django_db
ALL = ["ofsted", "dfe", "panel"]


def url(review, part=""):
    return f"/reviews/{review.uuid}/publication/copies/{part}"


def day(name, on):
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def text(response):
    return html.unescape(response.content.decode())


def test_the_business_manager_sends_the_copies_from_the_form(
        cspr, published, business_manager, addresses, client_for,
        django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    page = text(client.get(url(cspr)))
    assert "Copies to national bodies" in page and "Still to send: Ofsted, the Department for " \
                                                  "Education and the National Panel." in page
    form = text(client.get(url(cspr, "send/")))
    assert "and the document on the actions taken" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cspr, "send/"),
                               {"bodies": ALL, **day("sent_on", timezone.localdate())})
    assert response.status_code == 302 and response["Location"] == url(cspr)
    assert len(mail.outbox) == 3
    page = text(client.get(url(cspr)))
    assert "Every national body due a copy has the final report that stands." in page
    assert page.count("With it") == 3 and "See the e-mail" in page
    assert "Send the copies" not in page


@pytest.mark.parametrize("case", ["no body", "future"])
def test_bad_input_on_the_send_form_is_refused_and_nothing_changes(
        case, cspr, final, business_manager, addresses, client_for):
    data = {"bodies": ALL, **day("sent_on", timezone.localdate() + timedelta(days=1))} \
        if case == "future" else day("sent_on", timezone.localdate())
    response = client_for(business_manager).post(url(cspr, "send/"), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert ("cannot be in the future" if case == "future"
            else "Choose which national bodies to send the final report to.") in page
    assert not NationalCopy.objects.exists() and not Notice.objects.filter(
        purpose="copy to a national body").exists()


def test_sending_again_to_a_body_that_has_the_report_is_refused_on_the_form(
        cspr, final, business_manager, addresses, client_for):
    actions.send_copies(cspr, by=business_manager, bodies=["ofsted"])
    form = text(client_for(business_manager).get(url(cspr, "send/")))
    assert f"Ofsted (sent this final report on {timezone.localdate():%-d %B %Y})" in form
    response = client_for(business_manager).post(
        url(cspr, "send/"), {"bodies": ["ofsted", "panel"], **day("sent_on", timezone.localdate())})
    assert response.status_code == 200
    assert "Ofsted already has this final report" in text(response)
    assert NationalCopy.objects.count() == 1


def test_a_failed_copy_shows_why_and_is_sent_again_from_the_page(
        cspr, final, business_manager, addresses, client_for, django_capture_on_commit_callbacks):
    addresses.panel_email = ""
    addresses.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_copies(cspr, by=business_manager, bodies=["panel"])
    client = client_for(business_manager)
    page = text(client.get(url(cspr)))
    assert "Failed" in page and "No e-mail address to send to" in page
    copy = NationalCopy.objects.get()
    response = client.post(url(cspr, f"{copy.pk}/retry/"), follow=True)
    assert "There is still no e-mail address for the National Panel" in text(response)
    addresses.panel_email = "panel@example.test"
    addresses.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cspr, f"{copy.pk}/retry/"), follow=True)
    assert "is being sent again" in text(response)
    assert mail.outbox[-1].to == ["panel@example.test"]


def test_a_learning_review_waits_for_the_subgroups_decision_then_offers_only_its_bodies(
        learning, business_manager, subgroup_member, partner, client_for):
    bm = client_for(business_manager)
    form = text(bm.get(url(learning, "send/")))
    assert "The CSPR subgroup has not yet decided which national bodies get a copy" in form
    response = bm.post(url(learning, "send/"), {"bodies": ["panel"],
                                                **day("sent_on", timezone.localdate())})
    assert response.status_code == 200 and "has not yet decided" in text(response)
    assert not NationalCopy.objects.exists()

    member = client_for(subgroup_member)
    assert "Record the subgroup's decision" in text(member.get(url(learning)))
    response = member.post(url(learning, "decide/"), {
        "bodies": ["panel"], "reasons": "Lily Ashworth's case adds to the Panel's review.",
        **day("decided_on", timezone.localdate())})
    assert response.status_code == 302
    assert CopiesDecision.objects.get().recorded_by == subgroup_member

    form = text(bm.get(url(learning, "send/")))
    assert 'value="panel"' in form and 'value="ofsted"' not in form and 'value="dfe"' not in form
    # The reasons through each reader's redactor: the partner sees the pseudonym.
    assert "Lily Ashworth's case" in text(member.get(url(learning)))
    partners_page = text(client_for(partner).get(url(learning)))
    assert "Lily Ashworth" not in partners_page and "Child A's case" in partners_page


@pytest.mark.parametrize("case", ["nothing chosen", "none and a body", "no reasons", "future"])
def test_bad_input_on_the_decision_form_is_refused_and_nothing_changes(
        case, learning, business_manager, client_for):
    data = {"bodies": ["panel"], "reasons": "Because.", **day("decided_on", timezone.localdate())}
    expected = {
        "nothing chosen": "Choose which national bodies get a copy, or 'None of them'.",
        "none and a body": "not both",
        "no reasons": "Give the subgroup's reasons",
        "future": "cannot be in the future",
    }[case]
    if case == "nothing chosen":
        del data["bodies"]
    elif case == "none and a body":
        data["bodies"] = ["none", "panel"]
    elif case == "no reasons":
        data["reasons"] = "  "
    else:
        data |= day("decided_on", timezone.localdate() + timedelta(days=1))
    response = client_for(business_manager).post(url(learning, "decide/"), data)
    assert response.status_code == 200
    assert "There is a problem" in text(response) and expected in text(response)
    assert not CopiesDecision.objects.exists()


def test_none_of_them_is_a_decision(learning, business_manager, subgroup_member, client_for):
    response = client_for(business_manager).post(url(learning, "decide/"), {
        "bodies": ["none"], "reasons": "Nothing new nationally.", "on_behalf_of": subgroup_member.pk,
        **day("decided_on", timezone.localdate())})
    assert response.status_code == 302
    decision = CopiesDecision.objects.get()
    assert decision.bodies == [] and decision.on_behalf_of == subgroup_member
    page = text(client_for(business_manager).get(url(learning)))
    assert "None of the national bodies" in page and "Send the copies" not in page


def test_a_cspr_has_no_decision_to_record(cspr, business_manager, client_for):
    client = client_for(business_manager)
    assert "The subgroup's decision" not in text(client.get(url(cspr)))
    assert "its final report goes to all three" in text(client.get(url(cspr, "decide/")))
    response = client.post(url(cspr, "decide/"), {
        "bodies": ["panel"], "reasons": "Why.", **day("decided_on", timezone.localdate())})
    assert response.status_code == 200
    assert "the subgroup decides which copies go only for learning reviews" in text(response)


def test_the_deposit_is_recorded_from_its_form_and_a_future_date_refused(
        cspr, business_manager, partner, client_for):
    client = client_for(business_manager)
    response = client.post(url(cspr, "deposit/"), {
        "reference": "NCRR/2026/Kayden", **day("deposited_on", timezone.localdate() + timedelta(1))})
    assert response.status_code == 200 and "cannot be in the future" in text(response)
    assert not RepositoryDeposit.objects.exists()
    response = client.post(url(cspr, "deposit/"), {
        "reference": "NCRR/2026/Kayden", **day("deposited_on", timezone.localdate())})
    assert response.status_code == 302
    assert "NCRR/2026/Kayden" in text(client.get(url(cspr)))
    # The reference is typed text: a partner reads it through the register.
    assert "Kayden" not in text(client_for(partner).get(url(cspr)))
    assert AuditEvent.objects.filter(event_type="copies.deposited").count() == 1


def test_who_may_see_and_use_the_page(cspr, final, outsider, agency_author, lead_reviewer,
                                      subgroup_member, client_for):
    assert client_for(outsider).get(url(cspr)).status_code == 404
    assert client_for(agency_author).get(url(cspr)).status_code == 403
    lead = client_for(lead_reviewer)
    page = text(lead.get(url(cspr)))
    assert "Copies to national bodies" in page and "Send the copies" not in page
    assert lead.get(url(cspr, "send/")).status_code == 403
    assert lead.post(url(cspr, "deposit/"), {}).status_code == 403
    assert client_for(subgroup_member).get(url(cspr, "decide/")).status_code == 200
    copy_post = client_for(agency_author).post(url(cspr, "1/retry/"))
    assert copy_post.status_code == 403


def test_the_review_page_says_what_is_sent_and_what_is_left(
        cspr, final, business_manager, addresses, client_for):
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{cspr.uuid}/"))
    assert "Copies to national bodies" in page
    assert "Still to send: Ofsted, the Department for Education and the National Panel." in page
    assert "No deposit in the national case review repository recorded yet." in page
    actions.send_copies(cspr, by=business_manager, bodies=["ofsted"])
    actions.record_deposit(cspr, by=business_manager, reference="R-1")
    page = text(client.get(f"/reviews/{cspr.uuid}/"))
    assert "Sent: Ofsted. Still to send: the Department for Education and the National Panel." \
        in page
    assert "Deposited in the national case review repository on" in page


def test_the_home_item_appears_once_published_and_clears_when_the_copies_are_sent(
        cspr, final, business_manager, subgroup_member, addresses):
    today = timezone.localdate()
    what = "Send the final report to Ofsted, the Department for Education and the National Panel"
    assert what not in [n.what for n in needs_for(business_manager, today)]  # not published
    make_publication(cspr, by=business_manager, published_on=today - timedelta(days=3),
                     final_report=final)
    assert [n.what for n in needs_for(business_manager, today)].count(what) == 1
    assert what not in [n.what for n in needs_for(subgroup_member, today)]
    actions.send_copies(cspr, by=business_manager, bodies=["ofsted", "dfe"])
    assert "Send the final report to the National Panel" in [
        n.what for n in needs_for(business_manager, today)]
    actions.send_copies(cspr, by=business_manager, bodies=["panel"])
    assert not [n for n in needs_for(business_manager, today) if "final report" in n.what]


def test_a_learning_reviews_home_item_asks_for_the_decision_until_it_is_recorded(
        learning, business_manager, subgroup_member):
    today = timezone.localdate()
    make_publication(learning, by=business_manager, published_on=today - timedelta(days=1))
    ask = ("Record the CSPR subgroup's decision on which national bodies get a copy of the "
           "report")
    assert ask in [n.what for n in needs_for(business_manager, today)]
    actions.record_decision(learning, by=subgroup_member, bodies=[], reasons="None needed.")
    assert not [n for n in needs_for(business_manager, today)
                if "national bodies" in n.what or "final report" in n.what]


def test_the_home_item_costs_the_same_whatever_the_number_of_reviews(
        cspr, final, business_manager, django_assert_max_num_queries):
    from reviewdesk.copies.selectors import needs

    make_publication(cspr, by=business_manager, published_on=timezone.localdate(),
                     final_report=final)
    with django_assert_max_num_queries(5):
        assert len(needs(business_manager, timezone.localdate())) == 1


def test_the_page_costs_the_same_whatever_the_number_of_copies(
        cspr, published, business_manager, addresses, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(business_manager)
    actions.send_copies(cspr, by=business_manager, bodies=["ofsted"])
    client.get(url(cspr))  # warm the session and the templates
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(cspr)).status_code == 200
    actions.send_copies(cspr, by=business_manager, bodies=["dfe", "panel"])
    actions.record_deposit(cspr, by=business_manager, reference="R-1")
    actions.record_deposit(cspr, by=business_manager, reference="R-2")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url(cspr)).status_code == 200
    assert len(more) == len(one), [q["sql"] for q in more][len(one):]
