"""The workflow table, the rule sets and the identifier checks, pinned."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.clock import VN_TZ
from motcua.core.errors import InvalidInput
from motcua.dossiers.audit import ACTIONS
from motcua.dossiers.rules import RULE_SETS, rule_set_by_code, rule_set_for
from motcua.dossiers.validators import (
    mask_address,
    mask_email,
    mask_id,
    mask_name,
    mask_phone,
    normalize_citizen_id,
    normalize_phone,
    normalize_tax_code,
)
from motcua.dossiers.workflow import (
    ALLOWED_TRANSITIONS,
    STATUS_INFO,
    Action,
    Status,
    allowed_actions,
    portal_code,
)

PINNED = {
    "submit": ({None, "draft"}, {"submitted"}),
    "receive": ({None}, {"received"}),
    "accept": ({"submitted"}, {"received"}),
    "request_supplement_at_desk": ({None, "submitted"}, {"supplement_requested"}),
    "refuse_at_desk": ({None, "submitted", "supplement_requested"}, {"not_received"}),
    "solve_same_day": ({None}, {"returned"}),
    "claim": ({"received", "processing", "done"}, {"received", "processing", "done"}),
    "assign": ({"received", "processing", "done"}, {"received", "processing", "done"}),
    "transfer": ({"received", "processing"}, {"processing"}),
    "send_back": ({"processing"}, {"processing"}),
    "forward": ({"received", "processing"}, {"processing"}),
    "consult": ({"processing"}, {"processing"}),
    "consult_answer": (
        {"received", "processing", "supplement_requested", "awaiting_obligation"},
        {"received", "processing", "supplement_requested", "awaiting_obligation"},
    ),
    "field_check": ({"processing"}, {"processing"}),
    "request_supplement": ({"processing"}, {"supplement_requested"}),
    "receive_supplement": ({"supplement_requested"}, {"submitted", "processing"}),
    "request_obligation": ({"processing"}, {"awaiting_obligation"}),
    "obligation_paid": ({"awaiting_obligation"}, {"processing"}),
    "refuse": ({"processing"}, {"done"}),
    "apologize": ({"received", "processing"}, {"received", "processing"}),
    "request_withdrawal": (
        {"received", "processing", "supplement_requested", "awaiting_obligation"},
        {"withdrawal_requested"},
    ),
    "stop": ({"withdrawal_requested"}, {"stopped"}),
    "attach_result": ({"processing"}, {"done"}),
    "return": ({"done"}, {"returned"}),
}


def test_the_transition_table_is_exactly_the_documented_one():
    actual = {action: (set(t.sources), set(t.targets)) for action, t in ALLOWED_TRANSITIONS.items()}
    assert actual == PINNED
    assert set(ALLOWED_TRANSITIONS) == set(Action.values)


def test_every_status_has_a_citizen_text_and_the_national_portal_code():
    assert set(STATUS_INFO) == set(Status.values)
    assert {s: portal_code(s) for s in Status.values} == {
        "draft": None,
        "submitted": 1,
        "received": 2,
        "not_received": 3,
        "processing": 4,
        "supplement_requested": 5,
        "awaiting_obligation": 6,
        "withdrawal_requested": 7,
        "stopped": 8,
        "done": 9,
        "returned": 10,
    }
    assert all(str(info.citizen_text) for info in STATUS_INFO.values())


def test_final_statuses_allow_no_action():
    for status in ("not_received", "stopped", "returned"):
        assert allowed_actions(status) == []


def test_every_audit_action_has_a_vietnamese_label():
    # dossier.* for the dossier's own transitions, payment.* for fees and payments.
    assert all(
        code.split(".")[0] in ("dossier", "payment") and label for code, label in ACTIONS.items()
    )


def test_the_rule_set_changes_on_1_july_2025_in_vietnam_time():
    last_2018 = dt.datetime(2025, 6, 30, 23, 59, tzinfo=VN_TZ)
    first_2025 = dt.datetime(2025, 7, 1, 0, 0, tzinfo=VN_TZ)
    assert rule_set_for(last_2018).code == "2018"
    assert rule_set_for(first_2025).code == "2025"
    # 30/06 17:30 UTC is already 01/07 in Vietnam.
    assert rule_set_for(dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)).code == "2025"


def test_the_two_rule_sets_differ_in_their_legal_basis_and_form_set():
    old, new = rule_set_by_code("2018"), rule_set_by_code("2025")
    assert (old.forms, new.forms) == ("2018", "2025")
    assert "61/2018" in old.basis and "118/2025" in new.basis
    assert len(old.form_numbers) == 6 and len(new.form_numbers) == 7
    assert not old.has_form("stop") and new.form_numbers["stop"] == "05"
    for rules in RULE_SETS:
        assert rules.cutoff == dt.time(15, 0)
        assert rules.supplement_window_days == 3
        assert rules.supplement_restarts_clock
        assert (rules.apology_min_working_days_before_due, rules.apology_max_per_dossier) == (1, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("074090001234", "074090001234"),
        (" 0790 9000 1234", "079090001234"),
        ("001200000001", "001200000001"),
    ],
)
def test_valid_citizen_ids_are_accepted(raw, expected):
    assert normalize_citizen_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "12345678901", "1234567890123", "07409000123A", "000090001234", "097090001234"]
)
def test_malformed_citizen_ids_are_refused_naming_the_field(raw):
    with pytest.raises(InvalidInput) as err:
        normalize_citizen_id(raw, field="applicant.citizen_id")
    assert err.value.field == "applicant.citizen_id"


def test_the_citizen_id_must_match_the_century_and_year_of_birth():
    assert normalize_citizen_id("074090001234", date_of_birth=dt.date(1990, 1, 1))
    assert normalize_citizen_id("074205001234", date_of_birth=dt.date(2005, 1, 1))
    with pytest.raises(InvalidInput, match="năm sinh"):
        normalize_citizen_id("074090001234", date_of_birth=dt.date(1991, 1, 1))
    with pytest.raises(InvalidInput, match="năm sinh"):
        normalize_citizen_id("074005001234", date_of_birth=dt.date(2005, 1, 1))


def test_tax_codes_have_10_or_13_digits_and_branches_are_stored_with_a_hyphen():
    assert normalize_tax_code("0101234567") == "0101234567"
    assert normalize_tax_code("0101234567-001") == "0101234567-001"
    assert normalize_tax_code("0101234567001") == "0101234567-001"
    for bad in ("010123456", "01012345670", "0101234567-01", "abc"):
        with pytest.raises(InvalidInput):
            normalize_tax_code(bad)


def test_phone_numbers_accept_the_country_prefix():
    assert normalize_phone("+84 912 345 678") == "0912345678"
    assert normalize_phone("0912.345.678") == "0912345678"
    with pytest.raises(InvalidInput):
        normalize_phone("12345")


def test_personal_data_is_masked_for_the_public_look_up():
    assert mask_name("Nguyễn Văn An") == "Nguyễn V*** A"
    assert mask_name("Trần Thị Thu Hà") == "Trần T*** T*** H"
    assert mask_id("079012345612") == "0790******12"
    assert mask_phone("0901234589") == "090*****89"
    assert mask_email("an.nguyen@gmail.com") == "a***@gmail.com"
    assert (
        mask_address("12 Lê Lợi, Phường Phú Cường, Bình Dương")
        == "***, Phường Phú Cường, Bình Dương"
    )
