"""The two-factor middleware hands the views the person, not the lazy objects around them."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils.functional import LazyObject

from reviewdesk.accounts.models import User

seen: list[Any] = []


def _who(request: HttpRequest) -> HttpResponse:
    seen.append(request.user)
    return HttpResponse("ok")


urlpatterns = [path("who/", _who)]


def test_a_view_gets_the_signed_in_person_itself(client: Client, business_manager: User,
                                                settings: object) -> None:
    settings.ROOT_URLCONF = __name__  # type: ignore[attr-defined]
    seen.clear()
    client.force_login(business_manager)
    assert client.get("/who/").status_code == 200
    assert not isinstance(seen[0], LazyObject)
    assert seen[0] == business_manager
    assert seen[0].is_verified() is False  # django-otp's verdict is kept on the person


def test_someone_signed_out_is_still_anonymous(client: Client, settings: object) -> None:
    settings.ROOT_URLCONF = __name__  # type: ignore[attr-defined]
    seen.clear()
    assert client.get("/who/").status_code == 200
    assert not isinstance(seen[0], LazyObject)
    assert seen[0].is_authenticated is False
