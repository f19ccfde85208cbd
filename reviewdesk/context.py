"""Context for every page: the main menu, built from what the signed-in person may use."""

from django.http import HttpRequest

from reviewdesk import access


def govuk_template(request: HttpRequest) -> dict:
    """GOV.UK Frontend's page template reads the CSP nonce as ``cspNonce`` for its one inline
    script (the ``govuk-frontend-supported`` body class)."""
    from django.middleware.csp import get_nonce

    nonce = get_nonce(request)
    # Django's nonce is lazy and falsy until first used; the template tests it before using it.
    return {"cspNonce": str(nonce) if nonce is not None else ""}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [("reviews:home", "Home")]
    if access.may_view_dashboard(user):
        items.append(("reviews:dashboard", "Dashboard"))
    # Those with the dashboard reach learning across reviews from it (the header stays one
    # line); the executive group and the L&D subgroup, who have no dashboard, from here.
    if access.may_view_learning(user) and not access.may_view_dashboard(user):
        items.append(("learning:dashboard", "Learning"))
    if access.may_manage_people(user):
        items.append(("accounts:people", "People"))
    if access.may_view_audit(user):
        items.append(("reviews:audit", "Audit trail"))
    if access.is_business_manager(user):
        items.append(("reviews:settings", "Settings"))
    items.append(("accounts:account", "Your account"))
    from django.urls import reverse

    return {"nav_items": [{"href": reverse(name), "text": text, "active": name == current}
                          for name, text in items]}
