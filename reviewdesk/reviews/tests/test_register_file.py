"""The identity register as a file: reading one, importing it, and downloading the register."""

import html
import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reviewdesk.accounts.models import Agency, User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Review, TimelineEntry
from reviewdesk.reviews.register_file import parse_register, register_entries
from reviewdesk.testing import ClientResponse

Kind = IdentityEntry.Kind
Type = IdentityEntry.IdentifierType


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def register(*entries: dict) -> str:
    return json.dumps({"entries": list(entries)})


def mother(**changes: object) -> dict:
    entry: dict[str, object] = {"kind": "person", "name": "Shannon Moorcroft", "pseudonym": "Mother",
                                "role": "Mother"}
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not ...}


def problems(data: str | bytes, **kwargs: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_register(data, **kwargs)
    return caught.value.messages


def snapshot(review: Review) -> list[dict]:
    return sorted(register_entries(review), key=lambda e: e["pseudonym"])


@pytest.fixture
def full_register(review: Review, business_manager: User, agencies: dict[str, Agency]) -> Review:
    """The review's register with one entry of every kind and identifier type."""
    child = review.identities.get(pseudonym="Child A")
    actions.save_identity(review, by=business_manager, entry=child, aliases="Kay\nK.M.")
    for values in [
        {"kind": Kind.FAMILY, "real_name": "Shannon Moorcroft", "pseudonym": "Mother",
         "role_title": "Mother", "aliases": "Shan", "date_of_birth": date(1998, 7, 2)},
        {"kind": Kind.OTHER_PERSON, "real_name": "Dale Pickering", "pseudonym": "Neighbour"},
        {"kind": Kind.PROFESSIONAL, "real_name": "Tomasz Wren", "pseudonym": "Social Worker 1",
         "role_title": "Social worker", "agency": agencies["social_care"]},
        {"kind": Kind.PLACE, "real_name": "14 Larch Close, Ashby", "pseudonym": "the family home"},
        {"kind": Kind.ORGANISATION, "real_name": "Brookfield Primary School",
         "pseudonym": "the school", "aliases": "Brookies"},
        {"kind": Kind.IDENTIFIER, "identifier_type": Type.NHS_NUMBER, "real_name": "943 476 5919",
         "pseudonym": "Child A's NHS number"},
        {"kind": Kind.IDENTIFIER, "identifier_type": Type.VEHICLE, "real_name": "YK19 ABC",
         "pseudonym": "the car"},
        {"kind": Kind.IDENTIFIER, "identifier_type": Type.POSTCODE, "real_name": "LS6 2QT",
         "pseudonym": "[postcode]"},
    ]:
        actions.save_identity(review, by=business_manager, **values)
    return review


# --- Reading a register file -------------------------------------------------------------------


def test_an_exported_register_reads_back_as_the_same_entries(full_register):
    entries = register_entries(full_register)
    assert parse_register(json.dumps({"entries": entries})) == entries
    [car] = [e for e in entries if e["pseudonym"] == "the car"]
    assert (car["kind"], car["register_kind"], car["type"]) == ("identifier", "identifier",
                                                                "vehicle_registration")


def test_a_scanner_file_without_our_fields_reads_with_only_what_it_gives(partnership):
    [entry] = parse_register(register({"kind": "person", "name": "Lindsey Fairclough",
                                       "role": "Independent lead reviewer", "pseudonym": None,
                                       "public": True}))
    # A public person may be named: without a pseudonym, their role is the label.
    assert entry == {"kind": "person", "name": "Lindsey Fairclough",
                     "pseudonym": "Independent lead reviewer", "role": "Independent lead reviewer",
                     "public": True}


def test_text_is_trimmed_kinds_take_any_capitals_and_a_byte_order_mark_is_allowed():
    data = "\ufeff" + register({"kind": "Place", "name": "  7 Elm Row ", "pseudonym": " the flat ",
                                "aliases": ["Elm Row", " ", ""]})
    [entry] = parse_register(data.encode("utf-8"))
    assert entry == {"kind": "place", "register_kind": "place", "name": "7 Elm Row",
                     "pseudonym": "the flat", "aliases": ["Elm Row"]}


@pytest.mark.parametrize("data, message", [
    (b"{'entries': []}", "The register file is not valid JSON: Expecting property name enclosed in "
                         "double quotes at line 1, column 2. Correct it there, or download the "
                         "register again."),
    (b"\xff\xfe{}", "The register file is not UTF-8 text (byte 0 cannot be read). Save it as "
                    "UTF-8 JSON and try again."),
    (b"  ", "The register file is empty. Choose the register file again."),
    ('{"people": []}', 'The register file must be a JSON object with a list of entries: '
                       '{"entries": [{"kind": "person", "name": …, "pseudonym": …}, …]}.'),
    ("[]", 'The register file must be a JSON object with a list of entries: '
           '{"entries": [{"kind": "person", "name": …, "pseudonym": …}, …]}.'),
    ('{"entries": {}}', 'The register file must be a JSON object with a list of entries: '
                        '{"entries": [{"kind": "person", "name": …, "pseudonym": …}, …]}.'),
    ('{"entries": [], "review": "KV-2026-004"}',
     '"review" is not part of a register file: it holds only "entries". Remove it.'),
    ('{"entries": ["Shannon"]}', 'Entry 1 is not an entry: write each one in curly brackets, '
                                 '{"kind": …, "name": …, "pseudonym": …}.'),
])
def test_a_file_that_is_not_a_register_is_refused(data, message):
    assert problems(data) == [message]


TOO_DEEP = ("The register file has lists or objects nested more than 6 deep. A register file is "
            '{"entries": [{"kind": …, "name": …, "pseudonym": …}, …]}: check it is one, or '
            "download the register again.")


@pytest.mark.parametrize("data", [
    "[" * 100_000 + "]" * 100_000,  # Python's parser gives up: a RecursionError, once a 500
    '{"entries": [{"kind": "person", "name": ' + "[" * 900 + "]" * 900 + "}]}",
    '{"entries": [{"aliases": [[[["Kay"]]]]}]}',
])
def test_a_deeply_nested_file_is_refused_with_a_message(data):
    assert problems(data) == [TOO_DEEP]


def test_a_deeply_nested_file_on_the_import_page_is_a_message_not_a_500(
        review, business_manager, client_for):
    response = upload(client_for(business_manager), review, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 200
    assert "nested more than 6 deep" in response.content.decode()


@pytest.mark.parametrize("entry, message", [
    (mother(kind=...), "Entry 1, kind: missing. Use person, place, organisation or identifier."),
    (mother(kind="building"), 'Entry 1, kind: "building" is not a kind of entry. Use person, '
                              "place, organisation or identifier."),
    (mother(name=...), "Entry 1, name: missing. Give the real name or value."),
    (mother(name="  "), "Entry 1, name: missing. Give the real name or value."),
    (mother(name=42), "Entry 1, name: must be text in double quotes, not 42."),
    (mother(name="x" * 301), "Entry 1, name: longer than 300 characters. Shorten it."),
    (mother(pseudonym=...), "Entry 1, pseudonym: missing. Give the pseudonym or role label used "
                            "in its place, for example Child A, Mother or Health Visitor 1."),
    (mother(pseudonym=None, public=False), "Entry 1, pseudonym: missing. Give the pseudonym or "
                                           "role label used in its place, for example Child A, "
                                           "Mother or Health Visitor 1."),
    (mother(pseudonym="shannon moorcroft"), "Entry 1, pseudonym: the same as the name. Choose a "
                                            "pseudonym or role label that does not identify them."),
    (mother(date_of_birth="14/03/2017"), 'Entry 1, date_of_birth: "14/03/2017" is not a date in '
                                         "the form YYYY-MM-DD. Write it like 2017-03-14 for 14 "
                                         "March 2017."),
    (mother(date_of_birth="2017-3-14"), 'Entry 1, date_of_birth: "2017-3-14" is not a date in '
                                        "the form YYYY-MM-DD. Write it like 2017-03-14 for 14 "
                                        "March 2017."),
    (mother(date_of_birth="2999-01-01"), "Entry 1, date_of_birth: 2999-01-01 is in the future. "
                                         "Check the year."),
    (mother(aliases="Shan"), 'Entry 1, aliases: must be a list of other names in square brackets, '
                             'such as ["Kay", "K.M."], not "Shan".'),
    (mother(aliases=["Shan", 7]), "Entry 1, aliases: item 2 must be text in double quotes, not 7."),
    (mother(aliases=["Shan\nShaz"]), "Entry 1, aliases: item 1 has a line break in it. Give each "
                                     "other name as its own item in the list."),
    (mother(public="yes"), 'Entry 1, public: must be true or false, without quotes, not "yes".'),
    (mother(type="phone"), "Entry 1, type: only identifiers have a type, and this entry is a "
                           "person. Remove the type, or make the kind identifier."),
    ({"kind": "identifier", "name": "07700 900123", "pseudonym": "[phone]"},
     "Entry 1, type: missing. Say what kind of identifier this is: nhs_number, phone, email, "
     "ni_number, vehicle_registration, postcode or other."),
    ({"kind": "identifier", "type": "passport", "name": "123456789", "pseudonym": "[passport]"},
     'Entry 1, type: "passport" is not an identifier type. Use nhs_number, phone, email, '
     "ni_number, vehicle_registration, postcode or other."),
    (mother(register_kind="mum"), 'Entry 1, register_kind: "mum" is not a register kind. Use '
                                  "child, family, other_person, professional, place, "
                                  "organisation or identifier, or leave it out."),
    (mother(register_kind="place"), 'Entry 1, register_kind: "place" does not fit kind "person". '
                                    "For a person use child, family, other_person or "
                                    "professional."),
    (mother(nmae="Shannon"), 'Entry 1: "nmae" is not a field of a register entry. Correct or '
                             "remove it; the fields are kind, register_kind, name, pseudonym, "
                             "aliases, role, agency, date_of_birth, type, public."),
])
def test_each_problem_in_an_entry_is_named_with_its_entry_and_field(entry, message):
    assert problems(register(entry)) == [message]


def test_pseudonyms_must_differ_within_the_file_whatever_the_capitals():
    assert problems(register(mother(), mother(name="Jo Moorcroft", pseudonym="MOTHER"))) == [
        'Entry 2, pseudonym: "MOTHER" is already used by entry 1. Give each person and '
        "organisation its own pseudonym; only identifiers and places may share a placeholder "
        "such as [phone number]."]


def phone(number: str, **changes: object) -> dict:
    return {"kind": "identifier", "type": "phone", "name": number, "pseudonym": "[phone number]",
            **changes}


def test_identifiers_and_places_may_share_a_placeholder_people_may_not():
    entries = parse_register(register(
        phone("07700 900123"), phone("07700 900456", pseudonym="[PHONE NUMBER]"),
        {"kind": "place", "name": "14 Larch Close", "pseudonym": "[address]"},
        {"kind": "place", "name": "2 Elm Row", "pseudonym": "[address]"}))
    assert [e["name"] for e in entries] == ["07700 900123", "07700 900456", "14 Larch Close",
                                            "2 Elm Row"]
    # A person cannot take a placeholder an identifier has, nor the other way round.
    assert problems(register(phone("07700 900123"), mother(pseudonym="[phone number]"))) == [
        'Entry 2, pseudonym: "[phone number]" is already used by entry 1. Give each person and '
        "organisation its own pseudonym; only identifiers and places may share a placeholder "
        "such as [phone number]."]
    assert len(problems(register(mother(), phone("07700 900123", pseudonym="Mother")))) == 1


def test_an_import_matches_a_shared_placeholder_by_its_value_too(review, business_manager):
    first = actions.import_register(review, parse_register(register(phone("07700 900123"))),
                                    by=business_manager)
    assert first.counts == {"added": 1, "changed": 0, "unchanged": 0}
    plan = actions.import_register(review, parse_register(register(
        phone("07700 900123", aliases=["+44 7700 900123"]), phone("07700 900456"))),
        by=business_manager)
    assert plan.counts == {"added": 1, "changed": 1, "unchanged": 0}
    phones = review.identities.filter(pseudonym="[phone number]").order_by("real_name")
    assert [(e.real_name, e.alias_list) for e in phones] == [
        ("07700 900123", ["+44 7700 900123"]), ("07700 900456", [])]


def test_the_register_page_lets_identifiers_share_a_placeholder_and_not_people(
        review, business_manager):
    for number in ("07700 900123", "07700 900456"):
        actions.save_identity(review, by=business_manager, kind=Kind.IDENTIFIER,
                              identifier_type=Type.PHONE, real_name=number,
                              pseudonym="[phone number]")
    assert review.identities.filter(pseudonym="[phone number]").count() == 2
    with pytest.raises(ValidationError) as caught:
        actions.save_identity(review, by=business_manager, kind=Kind.FAMILY,
                              real_name="Shannon Moorcroft", pseudonym="[Phone Number]")
    assert "Only identifiers and addresses may share a placeholder" in caught.value.messages[0]


def test_an_agency_must_be_one_of_the_partnerships(partnership, agencies):
    messages = problems(register(mother(agency="Community health services")),
                        partnership=partnership)
    assert messages == [
        'Entry 1, agency: "Community health services" is not an agency of this partnership. Use '
        "one of Testshire Children's social care, Testshire Education, Testshire Health / ICB, "
        "Testshire Other, Testshire Police, Testshire Public health or Testshire Voluntary "
        "sector, or leave it empty."]
    # Any capitals will do; the agency comes back as the partnership spells it.
    [entry] = parse_register(register(mother(agency="testshire police")), partnership=partnership)
    assert entry["agency"] == "Testshire Police"


def test_every_problem_in_the_file_is_listed_at_once():
    messages = problems(register(
        mother(),
        mother(pseudonym="Father", public="no", date_of_birth="02/07/1998", aliases="Jo"),
        {"kind": "identifier", "name": "YK19 ABC", "pseudonym": "the car"},
        mother(pseudonym="Mother"),
    ))
    assert [m.split(":")[0] for m in messages] == [
        "Entry 2, aliases", "Entry 2, date_of_birth", "Entry 2, public", "Entry 3, type",
        "Entry 4, pseudonym"]


# --- Importing ---------------------------------------------------------------------------------


def test_an_import_adds_new_entries_and_updates_those_matched_by_pseudonym(
        review, business_manager, agencies):
    entries = parse_register(register(
        {"kind": "person", "name": "Kayden Moorcroft-Hale", "pseudonym": "child a",
         "aliases": ["Kay"]},
        mother(date_of_birth="1998-07-02"),
        {"kind": "person", "name": "Tomasz Wren", "pseudonym": "Social Worker 1",
         "role": "Social worker", "agency": "Testshire Children's social care"},
        {"kind": "person", "name": "Lindsey Fairclough", "role": "Independent lead reviewer",
         "pseudonym": None, "public": True},
        {"kind": "identifier", "type": "vehicle_registration", "name": "YK19 ABC",
         "pseudonym": "the car"},
        {"kind": "identifier", "type": "postcode", "name": "LS6 2QT", "pseudonym": "[postcode]"},
    ), partnership=review.partnership)
    before = review.identities.count()
    plan = actions.import_register(review, entries, by=business_manager)
    assert plan.counts == {"added": 5, "changed": 1, "unchanged": 0}
    assert review.identities.count() == before + 5
    child = review.identities.get(pseudonym="child a")
    # Matched by pseudonym: the child keeps its kind and its date of birth, which the file left out.
    assert (child.kind, child.real_name, child.alias_list, child.date_of_birth) == (
        Kind.CHILD, "Kayden Moorcroft-Hale", ["Kay"], date(2019, 3, 14))
    new = {e.pseudonym: e for e in review.identities.all()}
    # A person without register_kind: staff have an agency or are named in public.
    assert new["Mother"].kind == Kind.FAMILY
    assert (new["Social Worker 1"].kind, new["Social Worker 1"].agency) == (
        Kind.PROFESSIONAL, agencies["social_care"])
    assert (new["Independent lead reviewer"].kind, new["Independent lead reviewer"].is_public) == (
        Kind.PROFESSIONAL, True)
    assert new["the car"].identifier_type == Type.VEHICLE
    assert (new["[postcode]"].kind, new["[postcode]"].identifier_type) == (
        Kind.IDENTIFIER, Type.POSTCODE)


def test_a_field_left_out_is_kept_and_a_field_given_empty_is_cleared(review, business_manager):
    actions.save_identity(review, by=business_manager, kind=Kind.FAMILY,
                          real_name="Shannon Moorcroft", pseudonym="Mother", role_title="Mother",
                          aliases="Shan", date_of_birth=date(1998, 7, 2))
    entries = parse_register(register(mother(role=..., aliases=[], date_of_birth=None)))
    plan = actions.import_register(review, entries, by=business_manager)
    entry = review.identities.get(pseudonym="Mother")
    assert (entry.role_title, entry.aliases, entry.date_of_birth) == ("Mother", "", None)
    assert plan.changed[0].changes == [("Other names", "Shan", "(none)"),
                                       ("Date of birth", "2 July 1998", "(none)")]


def test_an_import_deletes_nothing(review, business_manager):
    before = snapshot(review)
    plan = actions.import_register(review, parse_register(register(mother())),
                                   by=business_manager)
    assert plan.counts == {"added": 1, "changed": 0, "unchanged": 0}
    after = snapshot(review)
    assert [e for e in after if e["pseudonym"] != "Mother"] == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(review, business_manager):
    entries = parse_register(register(mother()))
    actions.import_register(review, entries, by=business_manager)
    plan = actions.import_register(review, entries, by=business_manager)
    assert plan.counts == {"added": 0, "changed": 0, "unchanged": 1}


def test_an_entry_whose_pseudonym_belongs_to_another_kind_stops_the_whole_import(
        review, business_manager):
    before = snapshot(review)
    entries = parse_register(register(mother(), {"kind": "place", "name": "14 Larch Close",
                                                 "pseudonym": "Child A"}))
    with pytest.raises(ValidationError) as caught:
        actions.import_register(review, entries, by=business_manager)
    assert caught.value.messages == [
        'Entry 2, kind: the entry is a place, but this register\'s "Child A" is a person (child). '
        "Give the entry its own pseudonym, or correct its kind."]
    assert snapshot(review) == before
    assert not AuditEvent.objects.filter(event_type="register.imported").exists()


def test_a_failure_after_some_entries_are_written_leaves_the_register_as_it_was(
        review, business_manager, monkeypatch):
    from django.db import IntegrityError

    def fail(*args: object, **kwargs: object) -> None:
        raise IntegrityError("UNIQUE constraint failed")

    before = snapshot(review)
    monkeypatch.setattr(actions, "record_step", fail)  # the last write, after every entry
    entries = parse_register(register(mother(), {"kind": "person", "name": "Kayden Moorcroft",
                                                 "pseudonym": "Child A", "aliases": ["Kay"]}))
    with pytest.raises(ValidationError) as caught:
        actions.import_register(review, entries, by=business_manager)
    assert caught.value.messages == ["Someone changed the register while the file was being "
                                     "imported, so nothing was imported. Check the file again."]
    assert snapshot(review) == before
    assert not review.timeline.filter(kind=TimelineEntry.Kind.REGISTER_CHANGED).exists()


def test_an_import_leaves_one_audit_event_and_one_timeline_entry_without_names(
        review, business_manager):
    entries = parse_register(register(
        mother(), {"kind": "person", "name": "Kayden Moorcroft", "pseudonym": "Child A",
                   "aliases": ["Kay"]}))
    plan = actions.import_register(review, entries, by=business_manager)
    [event] = AuditEvent.objects.filter(event_type="register.imported")
    mother_entry = review.identities.get(pseudonym="Mother")
    assert event.actor == business_manager
    assert event.summary == ("Imported an identity register file: 1 added, 1 changed, 0 already "
                             "the same")
    assert event.data == {"added": 1, "changed": 1, "unchanged": 0,
                          "entries_added": [mother_entry.pk],
                          "entries_changed": [plan.changed[0].existing.pk]}
    [timeline] = review.timeline.filter(kind=TimelineEntry.Kind.REGISTER_CHANGED)
    assert (timeline.title, timeline.detail) == ("Identity register imported from a file",
                                                 "1 added, 1 changed, 0 already the same.")
    for text in (event.summary, json.dumps(event.data), timeline.title, timeline.detail):
        assert "Shannon" not in text and "Kayden" not in text


# --- The pages ---------------------------------------------------------------------------------


def upload(client: Client, review: Review, content: str | bytes,
           name: str = "register.json") -> ClientResponse:
    return client.post(f"/reviews/{review.uuid}/register/import/",
                       {"file": SimpleUploadedFile(name, content if isinstance(content, bytes)
                                                   else content.encode(), "application/json")})


def confirm(client: Client, review: Review, preview: ClientResponse) -> ClientResponse:
    fields = dict(re.findall(r'<input type="hidden" name="(register|version)" value="([^"]*)"',
                             preview.content.decode()))
    assert set(fields) == {"register", "version"}
    return client.post(f"/reviews/{review.uuid}/register/import/",
                       {k: html.unescape(v) for k, v in fields.items()})


def test_the_register_round_trips_through_a_file_into_another_review(
        full_register, make_review, business_manager, client_for):
    client = reauthenticated(client_for(business_manager))
    download = client.get(f"/reviews/{full_register.uuid}/register/export/")
    assert download.status_code == 200
    other = make_review(child_name="Ellis Brooker")
    preview = upload(client, other, download.content)
    assert preview.status_code == 200
    assert other.identities.count() == 1  # nothing is saved until the import is confirmed
    response = confirm(client, other, preview)
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{other.uuid}/register/"
    assert snapshot(other) == snapshot(full_register)
    page = page_text(client.get(response["Location"]))
    assert ("Identity register imported: 11 added, 1 changed, 0 already the same. Nothing was "
            "deleted.") in page


def test_the_download_is_the_whole_register_audited_and_never_cached(
        full_register, lead_reviewer, client_for):
    response = reauthenticated(client_for(lead_reviewer)).get(
        f"/reviews/{full_register.uuid}/register/export/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{full_register.reference}-identity-register.json"')
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content) == {"entries": register_entries(full_register)}
    [event] = AuditEvent.objects.filter(event_type="register.exported")
    assert (event.actor, event.review_id, event.data) == (
        lead_reviewer, full_register.pk, {"entries": full_register.identities.count()})
    assert "Kayden" not in event.summary


def test_the_preview_shows_what_will_be_added_and_changed(review, lead_reviewer, client_for):
    file = register(mother(), {"kind": "person", "name": "Kayden Moorcroft", "pseudonym": "Child A",
                               "aliases": ["Kay"], "date_of_birth": "2019-03-15"})
    response = upload(client_for(lead_reviewer), review, file)
    page = page_text(response)
    assert "Check what the file will change" in page
    assert "To add (1)" in page and "Shannon Moorcroft" in page
    assert "To change (1)" in page
    assert "Date of birth: 14 March 2019 → <strong>15 March 2019</strong>" in page
    assert "Nothing will be deleted" in page
    assert "no-store" in response["Cache-Control"]
    assert not review.identities.filter(pseudonym="Mother").exists()


def test_the_preview_of_an_entry_with_no_details_says_so(review, lead_reviewer, client_for):
    file = register({"kind": "place", "name": "14 Larch Close, Ashby",
                     "pseudonym": "the family home"})
    response = upload(client_for(lead_reviewer), review, file)
    assert response.status_code == 200
    row = re.search(r"<tr[^>]*>\s*<th[^>]*>\s*the family home.*?</tr>", response.content.decode(),
                    re.S).group(0)
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    assert cells == ["the family home", "Place or address", "14 Larch Close, Ashby", "None", "1"]


def test_a_file_with_a_bad_entry_shows_every_problem_and_saves_nothing(
        review, business_manager, client_for):
    before = snapshot(review)
    response = upload(client_for(business_manager), review, register(
        mother(), {"kind": "person", "name": "Jo Moorcroft", "pseudonym": "Father",
                   "date_of_birth": "14/03/2017"},
        {"kind": "identifier", "name": "07700 900123", "pseudonym": "[phone]"}))
    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert 'Entry 2, date_of_birth: "14/03/2017" is not a date in the form YYYY-MM-DD.' in page
    assert "Entry 3, type: missing." in page
    assert snapshot(review) == before
    assert not AuditEvent.objects.filter(event_type="register.imported").exists()


def test_posting_without_a_file_asks_for_one(review, business_manager, client_for):
    response = client_for(business_manager).post(f"/reviews/{review.uuid}/register/import/")
    assert response.status_code == 200
    assert "Choose a register file to import." in page_text(response)


def test_a_preview_made_before_someone_else_changed_the_register_is_not_applied(
        review, business_manager, lead_reviewer, client_for):
    client = client_for(lead_reviewer)
    preview = upload(client, review, register(mother()))
    child = review.identities.get(pseudonym="Child A")
    actions.save_identity(review, by=business_manager, entry=child, aliases="Kay")
    response = confirm(client, review, preview)
    assert response.status_code == 200
    assert "The register has changed since you checked the file, so nothing was imported." in (
        page_text(response))
    assert not review.identities.filter(pseudonym="Mother").exists()


def test_a_confirmation_that_does_not_hold_a_register_file_imports_nothing(
        review, business_manager, client_for):
    from reviewdesk.reviews.register_file import register_version

    before = snapshot(review)
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/register/import/",
        {"register": '{"entries": [{"kind": "person"}]}', "version": register_version(review)})
    assert response.status_code == 200
    assert "Entry 1, name: missing. Give the real name or value." in page_text(response)
    assert snapshot(review) == before
    assert not AuditEvent.objects.filter(event_type="register.imported").exists()


def test_the_register_page_offers_the_file_to_its_editors_only(review, lead_reviewer, partner,
                                                               client_for):
    editor = page_text(client_for(lead_reviewer).get(f"/reviews/{review.uuid}/register/"))
    assert "Download the register (JSON)" in editor and "Import a register file" in editor
    reader = page_text(client_for(partner).get(f"/reviews/{review.uuid}/register/"))
    assert "Download the register" not in reader and "Import a register file" not in reader


@pytest.mark.parametrize("person", ["partner", "scrutineer", "subgroup_member", "agency_author",
                                    "practitioner"])
def test_people_who_may_not_edit_the_register_may_neither_download_nor_import_it(
        request, review, person, client_for):
    client = client_for(request.getfixturevalue(person))
    assert client.get(f"/reviews/{review.uuid}/register/export/").status_code == 403
    assert client.get(f"/reviews/{review.uuid}/register/import/").status_code == 403
    assert upload(client, review, register(mother())).status_code == 403
    assert not review.identities.filter(pseudonym="Mother").exists()
    assert not AuditEvent.objects.filter(event_type__startswith="register.").exists()


def test_an_outsider_gets_404_for_the_register_file(review, outsider, client_for):
    client = client_for(outsider)
    assert client.get(f"/reviews/{review.uuid}/register/export/").status_code == 404
    assert upload(client, review, register(mother())).status_code == 404
    assert not AuditEvent.objects.filter(event_type="register.exported").exists()
