"""The glossary and 'how a review works': served at /help/, linked from every page's footer, and
from the terms where pages use them."""

import re
from pathlib import Path

from django.conf import settings

from reviewdesk.guide import pages

TEMPLATES = Path(settings.BASE_DIR) / "reviewdesk" / "templates"
TERMS = ["cspr", "learning-review", "rapid-review", "terms-of-reference", "criteria-a-to-d",
         "systems-approach", "parallel-processes", "national-panel", "independent-scrutineer",
         "lead-reviewer", "chronology", "practitioner", "safeguarding-partners",
         "working-together", "pseudonym", "identity-register"]


def test_the_glossary_explains_each_term_under_its_own_anchor(practitioner, client_for) -> None:
    response = client_for(practitioner).get("/help/glossary/")
    assert response.status_code == 200
    body = response.content.decode()
    for term in TERMS:
        assert f'id="{term}"' in body, term
    assert pages.anchors("glossary")[:3] == ["cspr", "learning-review", "near-miss"]


def test_how_a_review_works_is_served_and_links_to_the_glossary(practitioner, client_for) -> None:
    body = client_for(practitioner).get("/help/how-a-review-works/").content.decode()
    assert "<h1 class=\"govuk-heading-l\">How a review works</h1>" in body
    assert 'href="/help/glossary/"' in body and 'href="/help/rapid-review/"' in body


def test_every_page_s_footer_links_to_help_the_glossary_and_how_a_review_works(
        review, business_manager, practitioner, client_for) -> None:
    for person, address in [(practitioner, "/"), (business_manager, f"/reviews/{review.uuid}/"),
                            (business_manager, "/audit/"), (practitioner, "/help/")]:
        body = client_for(person).get(address).content.decode()
        footer = body[body.index('<footer class="govuk-footer">'):]
        assert 'href="/help/">Help</a>' in footer, address
        assert 'href="/help/how-a-review-works/">How a review works</a>' in footer, address
        assert 'href="/help/glossary/">Glossary</a>' in footer, address


def test_every_glossary_link_in_a_template_names_a_term_it_explains() -> None:
    linked = {}
    for template in TEMPLATES.rglob("*.html"):
        for term in re.findall(r'glossary\("([^"]+)"', template.read_text()):
            linked[term] = str(template.relative_to(TEMPLATES))
    assert len(linked) >= 5
    anchors = set(pages.anchors("glossary"))
    assert {t: where for t, where in linked.items() if t not in anchors} == {}


def test_terms_link_to_the_glossary_where_pages_use_them(review, business_manager,
                                                         client_for) -> None:
    client = client_for(business_manager)
    body = client.get(f"/reviews/{review.uuid}/").content.decode()
    assert 'href="/help/glossary/#parallel-processes">Known parallel processes</a>' in body
    decision = client.get(f"/reviews/{review.uuid}/decision/").content.decode()
    assert 'href="/help/glossary/#independent-scrutineer">independent scrutineer</a>' in decision
