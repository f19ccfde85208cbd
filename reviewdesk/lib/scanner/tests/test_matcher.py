"""Tests for the register matcher: every form of a registered identity and every hard negative.

Names are invented for these tests and appear nowhere in the benchmark data.
"""

import pytest

from reviewdesk.lib.scanner.matcher import Finding, RegisterMatcher

REGISTER = [
    {"kind": "person", "name": "Oswin Pellegrew-Halsey", "aliases": ["Ozzy"], "role": "Subject child",
     "pseudonym": "Child Q", "public": False, "date_of_birth": "2016-03-14"},
    {"kind": "person", "name": "Marigold Thrushcombe", "aliases": [], "role": "Mother",
     "pseudonym": "Mother", "public": False},
    {"kind": "person", "name": "Hope Brindlecote", "aliases": [], "role": "Aunt",
     "pseudonym": "Aunt", "public": False},
    {"kind": "person", "name": "Marigold Fenwhistle", "aliases": [], "role": "Independent lead reviewer",
     "pseudonym": None, "public": True},
    {"kind": "place", "name": "42 Quillby Rise", "aliases": ["Quillby Rise"],
     "pseudonym": "the family home", "public": False},
    {"kind": "place", "name": "Dunmarrow", "aliases": [], "pseudonym": "the town", "public": False},
    {"kind": "identifier", "type": "postcode", "name": "ZX4 7QP", "pseudonym": "[postcode]"},
    {"kind": "organisation", "name": "Larkfold Primary School", "aliases": ["Larkies"],
     "pseudonym": "the school", "public": False},
    {"kind": "organisation", "name": "Quernstead Surgery", "aliases": [],
     "pseudonym": "the GP practice", "public": False},
    {"kind": "identifier", "type": "nhs_number", "name": "943 476 5919", "pseudonym": "[NHS number]"},
    {"kind": "identifier", "type": "phone", "name": "07700 900123", "pseudonym": "[phone number]"},
    {"kind": "identifier", "type": "email", "name": "m.thrush@example.org", "pseudonym": "[email address]"},
]


@pytest.fixture(scope="module")
def matcher():
    return RegisterMatcher(REGISTER)


def texts(matcher, text):
    return [f.text for f in matcher.find(text)]


def test_the_forms_a_person_is_found_by(matcher):
    child, mother = REGISTER[0], REGISTER[1]
    assert matcher.forms_of(child) == [
        "oswin pellegrew-halsey", "o. pellegrew-halsey", "o pellegrew-halsey", "pellegrew-halsey",
        "oswin pellegrew", "oswin halsey", "pellegrew", "halsey", "oswin", "ozzy"]
    # Her first name is also the (public) lead reviewer's: still hers, as the matcher finds it.
    assert matcher.forms_of(mother) == ["marigold thrushcombe", "m. thrushcombe", "m thrushcombe",
                                        "thrushcombe", "marigold"]
    assert matcher.forms_of(REGISTER[3]) == []  # a public person is never matched
    # A surname two people share says nothing about which of them is meant.
    shared = RegisterMatcher([{"kind": "person", "name": "Ada Quell"},
                              {"kind": "person", "name": "Bo Quell"}])
    assert "quell" not in shared.forms_of(shared.entries[0])
    assert "ada" in shared.forms_of(shared.entries[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We spoke to Oswin Pellegrew-Halsey at home.", "Oswin Pellegrew-Halsey"),
        ("Later Oswin said nothing.", "Oswin"),
        ("The Pellegrew-Halsey family moved.", "Pellegrew-Halsey"),
        ("Then Oswin's teacher called.", "Oswin's"),
        ("Then Oswin’s teacher called.", "Oswin’s"),
        ("He was known as Ozzy at school.", "Ozzy"),
        ("A note by O.P. was filed.", "O.P."),
        ("A note by O. P. was filed.", "O. P."),
        ("A note by O.P.H. was filed.", "O.P.H."),
        ("REFERRAL FOR OSWIN PELLEGREW-HALSEY", "OSWIN PELLEGREW-HALSEY"),
        ("SIGNED M. THRUSHCOMBE", "M. THRUSHCOMBE"),
        ("Then Osvin arrived.", "Osvin"),
        ("Then Thrushcombe was seen.", "Thrushcombe"),
        ("Then Thruschombe was seen.", "Thruschombe"),
        ("the child, Oswin\nPellegrew-Halsey, was seen", "Oswin\nPellegrew-Halsey"),
        ("the child, Os-\nwin, was seen", "Os-\nwin"),
        ("a letter to Mrs Halsey arrived", "Halsey"),
        ("a letter to Oswin Halsey arrived", "Oswin Halsey"),
        ("a letter to Pellegrew arrived", "Pellegrew"),
    ],
)
def test_person_forms(matcher, text, expected):
    assert expected in texts(matcher, text)


@pytest.mark.parametrize(
    "text",
    ["born 14/03/2016 in hospital", "dob 14.3.16 recorded", "born 14th March 2016.",
     "born 14 March 2016.", "born on March 14, 2016."],
)
def test_date_of_birth_formats(matcher, text):
    assert [f.category for f in matcher.find(text)] == ["date_of_birth"]


def test_day_and_month_near_birthday_words(matcher):
    assert texts(matcher, "He turned five on 14 March while living there.") == ["14 March"]
    assert texts(matcher, "The panel met on 14 March and again in June.") == []


def test_meeting_dates_are_not_flagged(matcher):
    assert texts(matcher, "The panel met on 14 March 2022 and 15/03/2016.") == []


@pytest.mark.parametrize(
    ("text", "expected", "category"),
    [
        ("They lived at 42 Quillby Rise.", "42 Quillby Rise", "address"),
        ("They lived on Quillby Rise.", "Quillby Rise", "address"),
        ("A flat in Dunmarrow.", "Dunmarrow", "address"),
        ("Postcode ZX4 7QP.", "ZX4 7QP", "postcode"),
        ("Postcode ZX47QP.", "ZX47QP", "postcode"),
        ("Postcode zx4 7qp.", "zx4 7qp", "postcode"),
        ("She attended Larkfold Primary School.", "Larkfold Primary School", "organisation"),
        ("She attended Larkfold Primary.", "Larkfold Primary", "organisation"),
        ("She attended Larkfold.", "Larkfold", "organisation"),
        ("Staff at Larkies said so.", "Larkies", "organisation"),
        ("Registered at Quernstead Surgery.", "Quernstead Surgery", "organisation"),
        ("Registered at Quernstead.", "Quernstead", "organisation"),
        ("NHS number 943 476 5919.", "943 476 5919", "nhs_number"),
        ("NHS number 9434765919.", "9434765919", "nhs_number"),
        ("NHS number 943-476-5919.", "943-476-5919", "nhs_number"),
        ("Call 07700 900123 now.", "07700 900123", "phone"),
        ("Call 07700900123 now.", "07700900123", "phone"),
        ("Call +44 7700 900123 now.", "+44 7700 900123", "phone"),
        ("Call 077009 00123 now.", "077009 00123", "phone"),
        ("Email m.thrush@example.org today.", "m.thrush@example.org", "email"),
        ("Email M.Thrush@Example.org today.", "M.Thrush@Example.org", "email"),
    ],
)
def test_places_organisations_identifiers(matcher, text, expected, category):
    found = matcher.find(text)
    assert [(f.text, f.category) for f in found] == [(expected, category)]


def test_finding_fields(matcher):
    (f,) = matcher.find("Then Oswin's teacher called.")
    assert isinstance(f, Finding)
    assert (f.start, f.end) == (5, 12)
    assert f.category == "person"
    assert f.entry_name == "Oswin Pellegrew-Halsey"
    assert f.suggestion == "Child Q"
    assert "Oswin Pellegrew-Halsey" in f.reason


def test_suggestion_falls_back_to_role():
    m = RegisterMatcher([{"kind": "person", "name": "Tamsin Veldercott", "role": "Neighbour"}])
    assert [f.suggestion for f in m.find("Tamsin called.")] == ["Neighbour"]


def test_register_object_accepted():
    m = RegisterMatcher({"entries": [{"kind": "place", "name": "Dunmarrow"}]})
    assert texts(m, "In Dunmarrow.") == ["Dunmarrow"]


@pytest.mark.parametrize(
    "text",
    [
        "Child Q and Mother were seen by the Aunt.",
        "Mother's partner spoke to the GP practice and the school.",
        "It is our hope that practice will improve.",
        "We hope agencies will learn; there is hope.",
        "The lead reviewer, Marigold Fenwhistle, wrote this. Ms Fenwhistle thanks everyone.",
        "Fenwhistle's report was agreed.",
        "Ofsted and the National Panel were told; the NSPCC helped.",
        "The panel met on 2nd April 2022 and 03/05/2021.",
        "The worker had a quiet word and a lark in the fold.",
        "Owen Street and Pellet were mentioned.",
        "",
    ],
)
def test_hard_negatives(matcher, text):
    assert texts(matcher, text) == []


def test_capitalised_ordinary_word_name_is_flagged(matcher):
    assert texts(matcher, "Hope said she was frightened.") == ["Hope"]
    assert texts(matcher, "He stayed with Hope Brindlecote.") == ["Hope Brindlecote"]
    assert texts(matcher, "We hope Hope is safe.") == ["Hope"]


@pytest.mark.parametrize("word", ["will", "may", "grace", "mark", "rose", "summer", "faith", "joy",
                                  "dawn", "bill"])
def test_lower_case_ordinary_words_not_flagged(word):
    m = RegisterMatcher([{"kind": "person", "name": f"{word.title()} Ashgrimley", "pseudonym": "Aunt"}])
    assert texts(m, f"The {word} of the family and its {word} were noted.") == []
    assert texts(m, f"Then {word.title()} was seen.") == [word.title()]


def test_typo_not_raised_for_word_used_lower_case_elsewhere():
    m = RegisterMatcher([{"kind": "person", "name": "Harold Tinsley", "pseudonym": "Uncle"}])
    assert texts(m, "Herald of change. The herald arrived.") == []
    assert texts(m, "Then Harald arrived.") == ["Harald"]


def test_typo_stop_list():
    m = RegisterMatcher([{"kind": "person", "name": "Shana Pold", "pseudonym": "Aunt"}])
    assert texts(m, "Shane said so.") == []


def test_public_surname_shared_first_name_still_flagged(matcher):
    # The public reviewer shares a first name with the private mother: the full public name is
    # not flagged, the first name alone is (it may be the mother).
    assert texts(matcher, "Marigold Fenwhistle met Marigold.") == ["Marigold"]


def test_empty_register():
    assert RegisterMatcher([]).find("Anything at all.") == []


def test_non_overlapping_and_ordered(matcher):
    found = matcher.find("Oswin Pellegrew-Halsey, Ozzy, and Marigold Thrushcombe at 42 Quillby Rise.")
    assert [f.text for f in found] == ["Oswin Pellegrew-Halsey", "Ozzy", "Marigold Thrushcombe",
                                       "42 Quillby Rise"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# -- a public person's name, surnames people share ---------------------------------------------------

FAMILY = [
    {"kind": "person", "name": "Kayden Moorcroft", "role": "Subject child", "pseudonym": "Child A"},
    {"kind": "person", "name": "Dana Moorcroft", "role": "Mother", "pseudonym": "Mother"},
    {"kind": "person", "name": "Jane Moorcroft", "aliases": ["Jane"], "role": "Independent lead reviewer",
     "pseudonym": None, "public": True},
    {"kind": "person", "name": "Jane Ashgrimley", "role": "Aunt", "pseudonym": "Aunt"},
]


def found(register, text):
    return [(f.text, f.suggestion) for f in RegisterMatcher(register).find(text)]


def test_a_public_persons_full_name_is_left_alone_but_not_a_surname_someone_else_has():
    text = "Jane Moorcroft led the review. Ms Moorcroft met the Moorcroft family at home."
    assert [t for t, _ in found(FAMILY, text)] == ["Moorcroft", "Moorcroft"]
    assert text.index("Ms Moorcroft") + 3 == RegisterMatcher(FAMILY).find(text)[0].start


def test_a_public_persons_alias_is_left_alone_unless_someone_not_public_uses_it():
    # 'Jane' is the lead reviewer's alias, and the aunt's first name.
    assert found(FAMILY, "Jane said she was frightened.") == [("Jane", "Aunt")]


def test_a_public_persons_surname_spelt_right_is_not_a_misspelling_of_someone_elses():
    register = [FAMILY[0], {"kind": "person", "name": "Jane Moorcraft", "public": True}]
    assert found(register, "Ms Moorcraft met Kayden.") == [("Kayden", "Child A")]
    assert found(register, "Moorcraft's report was agreed.") == []
    assert found(register, "Moorcroff's report was agreed.") == [("Moorcroff's", "Child A")]


def test_a_surname_several_people_share_gets_a_neutral_replacement_and_says_why():
    matcher = RegisterMatcher(FAMILY)
    surname, typo, full = matcher.find("The Moorcroft family moved; Moorcraft wrote; Dana Moorcroft came.")
    assert (surname.text, surname.suggestion) == ("Moorcroft", "[family surname]")
    assert surname.reason == "register: Kayden Moorcroft / Dana Moorcroft (shared surname)"
    assert (typo.text, typo.suggestion) == ("Moorcraft", "[family surname]")
    assert typo.reason == "register: Kayden Moorcroft / Dana Moorcroft (typo of Moorcroft, a shared surname)"
    assert (full.text, full.suggestion) == ("Dana Moorcroft", "Mother")


def test_a_surname_only_one_person_not_public_has_keeps_their_pseudonym():
    # The public lead reviewer shares it, but she is not the one it could stand for.
    assert found([FAMILY[0], FAMILY[2]], "The Moorcroft family moved.") == [("Moorcroft", "Child A")]


def test_part_of_a_hyphenated_surname_shared_with_a_parent_is_shared():
    register = [REGISTER[0], {"kind": "person", "name": "Rupert Halsey", "pseudonym": "Father"}]
    assert found(register, "Mr Halsey said so.") == [("Halsey", "[family surname]")]
    assert found(register, "Oswin Halsey said so.") == [("Oswin Halsey", "Child Q")]


# -- addresses on one line, dates of birth, people named like months ----------------------------------

HOME = [{"kind": "place", "name": "14 Larch Close, Ashby, KV9 4QT", "pseudonym": "the family home"},
        {"kind": "place", "name": "Flat 2, 7 Tallowmere Way, Ashby", "pseudonym": "the flat"}]


@pytest.mark.parametrize(("text", "expected", "suggestion"), [
    ("They lived at 14 Larch Close, Ashby, KV9 4QT.", "14 Larch Close, Ashby, KV9 4QT", "the family home"),
    ("They lived at 14 Larch Close.", "14 Larch Close", "the family home"),
    ("They lived on Larch Close.", "Larch Close", "the family home"),
    ("The postcode was KV9 4QT.", "KV9 4QT", "[postcode]"),
    ("The postcode was KV94QT.", "KV94QT", "[postcode]"),
    ("The postcode was kv9 4qt.", "kv9 4qt", "[postcode]"),
    ("The flat was on Tallowmere Way.", "Tallowmere Way", "the flat"),
    ("The flat was at 7 Tallowmere Way.", "7 Tallowmere Way", "the flat"),
])
def test_an_address_on_one_line_is_found_by_its_street_and_postcode(text, expected, suggestion):
    assert found(HOME, text) == [(expected, suggestion)]


def test_the_town_in_an_address_is_not_flagged_alone():
    assert found(HOME, "The partnership covers Ashby and the villages around it.") == []


@pytest.mark.parametrize("text", ["born 2016-03-14 in hospital", "DOB: 2016/03/14.",
                                  "born in March 2016 in Dunmarrow", "born March 2016.",
                                  "date of birth: March 2016"])
def test_iso_dates_and_a_month_and_year_of_birth(matcher, text):
    assert [f.category for f in matcher.find(text) if f.category == "date_of_birth"] == ["date_of_birth"]


@pytest.mark.parametrize("text", ["In March 2016 the panel met.", "The plan of March 2016 was late.",
                                  "Reviewed 2016-03-15."])
def test_a_month_and_year_without_birth_words_is_not_a_date_of_birth(matcher, text):
    assert texts(matcher, text) == []


@pytest.mark.parametrize("month", ["May", "June", "April"])
def test_a_person_named_like_a_month_is_not_flagged_in_dates(month):
    m = RegisterMatcher([{"kind": "person", "name": f"{month} Ashgrimley", "pseudonym": "Aunt"}])
    for text in [f"The panel met on 3 {month} 2023.", f"In {month} 2024 the family moved.",
                 f"{month} 2023 was hard.", f"On the 3rd of {month} a visit.", f"From {month} 12th on."]:
        assert texts(m, text) == [], text
    assert texts(m, f"{month} said she was worried.") == [month]
    assert texts(m, f"In 2023 {month}'s house was sold.") == [f"{month}'s"]


def test_a_phone_number_in_brackets_is_found_without_the_bracket_an_area_code_keeps_its_own():
    m = RegisterMatcher([{"kind": "identifier", "type": "phone", "name": "07700 900215",
                          "pseudonym": "[phone number]"},
                         {"kind": "identifier", "type": "phone", "name": "01632 960123",
                          "pseudonym": "[phone number]"}])
    assert texts(m, "She rang Faith's mobile (07700 900 215) twice.") == ["07700 900 215"]
    assert texts(m, "The landline, (01632) 960123, was dead.") == ["(01632) 960123"]


def test_a_title_in_a_registered_name_is_not_a_first_name():
    titled = RegisterMatcher([{"kind": "person", "name": "Dr Tomasz Wrenfield",
                               "pseudonym": "Designated Doctor 1"}])
    text = "Dr Okafor saw him; Dr Tomasz Wrenfield and Tomasz Wrenfield wrote; Dr Wrenfield agreed."
    assert [f.text for f in titled.find(text)] == [
        "Dr Tomasz Wrenfield", "Tomasz Wrenfield", "Wrenfield"]
    assert "dr" not in titled.forms_of(titled.entries[0])
