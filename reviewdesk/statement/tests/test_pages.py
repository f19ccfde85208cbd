"""The statement's pages: made, changed, checked and approved from the forms; each refusal on its
form with nothing changed; typed words through the reader's redactor; the review page's section
and the publication page's link."""

import html
from datetime import date

import pytest
from django.utils import timezone

from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.publication.testing import make_publication
from reviewdesk.statement import actions
from reviewdesk.statement.tests.conftest import CHILD

pytestmark = pytest.mark.django_db


def url(review, part=""):
    return f"/reviews/{review.uuid}/action-plan/statement/{part}"


def day(name, on):
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def text(response):
    return html.unescape(response.content.decode())


def test_the_subgroup_makes_changes_and_approves_it_from_the_pages(
        planned, subgroup_member, client_for, django_assert_max_num_queries):
    client = client_for(subgroup_member)
    page = text(client.get(url(planned)))
    assert "No statement has been made yet." in page
    response = client.post(url(planned, "new/"), {"source": "plan"})
    assert response.status_code == 302 and response["Location"] == url(planned)
    statement = ActionsStatement.objects.get(review=planned)
    with django_assert_max_num_queries(40):
        page = text(client.get(url(planned)))
    assert "Draft: not checked" in page and "Action 4: Tell schools how to share concerns." in page
    form = text(client.get(url(planned, "1/edit/")))
    assert "Action 5: what more will be done" in form
    body = {"introduction": "Our response.", "what_more": "- Keep checking.",
            "version": statement.version, "on_behalf_of": ""}
    for i, entry in enumerate(statement.body):
        body |= {f"{k}_{i}": entry[k] for k in ("heading", "taken", "impact", "more")}
    body["taken_2"] = ""
    refused = text(client.post(url(planned, "1/edit/"), body))
    assert "Say what has been done for this action." in refused
    statement.refresh_from_db()
    assert statement.introduction != "Our response."
    body["taken_2"] = "The form was changed."
    assert client.post(url(planned, "1/edit/"), body).status_code == 302
    statement.refresh_from_db()
    assert statement.introduction == "Our response." and statement.body[2]["taken"] == \
        "The form was changed."
    response = client.post(url(planned, "1/approve/"),
                           {**day("approved_on", timezone.localdate()),
                            "version": statement.version, "on_behalf_of": ""})
    assert response.status_code == 302
    page = text(client.get(url(planned)))
    assert "Approved" in page and "Download the PDF" in page
    pdf = client.get(url(planned, "1/download/pdf/"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].endswith(f'{planned.reference}-actions-taken-v1.pdf"')


def test_approval_refused_lists_what_the_check_found_through_the_readers_redactor(
        planned, business_manager, other_subgroup, client_for):
    statement = actions.generate(planned, by=business_manager)
    statement = actions.edit(statement, by=business_manager,
                             introduction=f"{CHILD} was hurt.", entries=statement.body,
                             what_more="More.", version=statement.version)
    client = client_for(other_subgroup)  # manages the plan, sees pseudonyms only
    response = client.post(url(planned, "1/approve/"),
                           {**day("approved_on", timezone.localdate()),
                            "version": statement.version, "on_behalf_of": ""})
    page = text(response)
    assert response.status_code == 200 and "cannot be approved" in page
    assert "Kayden" not in page and "Moorcroft" not in page and "Child A" in page
    statement.refresh_from_db()
    assert statement.approved_at is None
    page = text(client.get(url(planned)))
    assert "The check found" in page and "Kayden" not in page


def test_readers_see_it_but_do_not_change_it(planned, business_manager, lead_reviewer,
                                             client_for):
    actions.generate(planned, by=business_manager)
    client = client_for(lead_reviewer)
    page = text(client.get(url(planned)))
    assert "Version 1" in page and "Change the words" not in page
    assert client.get(url(planned, "1/edit/")).status_code == 403
    assert client.post(url(planned, "1/check/")).status_code == 403


def test_the_business_manager_puts_it_with_the_report_from_the_page(
        planned, business_manager, client_for):
    statement = actions.approve(actions.generate(planned, by=business_manager),
                                by=business_manager)
    publication = make_publication(planned, by=business_manager, slug="child-a-2026",
                                   published_on=date(2026, 11, 2))
    client = client_for(business_manager)
    assert "Put version 1 with the report" in text(client.get(url(planned)))
    response = client.post(url(planned, "1/publish/"),
                           {"public": "yes", **day("effective_on", timezone.localdate())})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.actions_published
    page = text(client.get(url(planned)))
    assert "Version 1 of the statement is with it, published beside it" in page
    publication_page = text(client.get(f"/reviews/{planned.uuid}/publication/"))
    assert "Published beside the report" in publication_page
    assert url(planned) in publication_page
    review_page = text(client.get(f"/reviews/{planned.uuid}/"))
    assert "Version 1 was approved on" in review_page
    assert statement.pk
