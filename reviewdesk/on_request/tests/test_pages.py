"""The review page's panel and the time on the website's page: who sees them and what."""

from datetime import timedelta

from django.utils import timezone

from reviewdesk.on_request import actions
from reviewdesk.on_request.tests.conftest import make_request


def test_the_review_page_shows_the_time_on_the_website(published, business_manager, partner,
                                                       practitioner, client_for):
    make_request(published, received_on=timezone.localdate() - timedelta(days=1))
    review_url = f"/reviews/{published.review.uuid}/"
    text = client_for(business_manager).get(review_url).content.decode()
    assert 'id="time-on-website"' in text
    assert "14 March 2027" in text and "Requests for the report still open: 1." in text
    assert 'id="time-on-website"' in client_for(partner).get(review_url).content.decode()
    assert 'id="time-on-website"' not in client_for(practitioner).get(review_url).content.decode()


def test_the_website_page_by_permission(published, business_manager, partner, scrutineer,
                                        lead_reviewer, agency_author, practitioner, outsider,
                                        client_for):
    url = f"/reviews/{published.review.uuid}/publication/website/"
    for person in (business_manager, partner, scrutineer, lead_reviewer):
        assert client_for(person).get(url).status_code == 200
    for person in (agency_author, practitioner):
        assert client_for(person).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    for form in ("withdrawal/", "withdraw/"):
        assert client_for(partner).get(url + form).status_code == 403
    assert client_for(scrutineer).get(url + "withdrawal/agree/").status_code == 403


def test_the_reason_is_shown_through_the_reader_s_redactor(published, business_manager,
                                                           scrutineer, client_for):
    actions.start_withdrawal(published, by=business_manager,
                             reason="Kayden Moorcroft's school would be known.")
    url = f"/reviews/{published.review.uuid}/publication/website/"
    assert "Kayden Moorcroft" in client_for(business_manager).get(url).content.decode()
    text = client_for(scrutineer).get(url).content.decode()
    assert "Kayden" not in text and "Child A" in text


def test_before_publication_the_page_says_so(at_publication, business_manager, client_for):
    text = client_for(business_manager).get(
        f"/reviews/{at_publication.uuid}/publication/website/").content.decode()
    assert "has not been published yet" in text
    assert client_for(business_manager).get(
        f"/reviews/{at_publication.uuid}/publication/website/withdrawal/").status_code == 404
