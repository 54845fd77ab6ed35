import pytest

from motcua.core.env import ConfigurationError, env_bool, env_int, env_list
from motcua.core.money import format_vnd
from motcua.core.text import clean, fold, search_terms


def test_folding_ignores_diacritics_case_and_maps_d_bar():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐĂNG KÝ KHAI SINH") == fold("dang ky khai sinh")
    assert fold("Chứng thực bản sao") == "chung thuc ban sao"


def test_clean_normalises_decomposed_input_to_nfc():
    decomposed = "Nguye\u0302\u0303n  Va\u0306n  A"
    assert clean(decomposed) == "Nguyễn Văn A"


def test_search_terms_split_on_punctuation_but_keep_codes():
    assert search_terms("Hộ tịch, 1.001193!") == ["ho", "tich", "1.001193"]


def test_env_bool_rejects_a_value_that_is_not_a_boolean_and_names_the_variable():
    with pytest.raises(ConfigurationError, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False, environ={"DJANGO_DEBUG": "maybe"})
    assert env_bool("X", False, environ={"X": "yes"}) is True


def test_env_int_checks_type_and_bounds():
    with pytest.raises(ConfigurationError, match="PORT"):
        env_int("PORT", 1, environ={"PORT": "abc"})
    with pytest.raises(ConfigurationError, match="minimum"):
        env_int("N", 1, minimum=1, environ={"N": "0"})
    assert env_int("N", 7, environ={}) == 7


def test_env_list_splits_on_commas():
    assert env_list("H", [], environ={"H": "a.vn, b.vn,"}) == ["a.vn", "b.vn"]


def test_money_is_formatted_with_vietnamese_grouping():
    assert format_vnd(1234567) == "1.234.567 đ"
    assert format_vnd(0) == "0 đ"
