import pytest

from partyscreen.shares import HUNDRED_PERCENT, format_percent, parse_percent


@pytest.mark.parametrize(
    ("text", "units"),
    [("50", 50_000_000), ("33.3333", 33_333_300), ("16.6667", 16_666_700), ("0", 0), ("100", HUNDRED_PERCENT),
     ("49.999999", 49_999_999), (" 12.5% ", 12_500_000), ("50.000001", 50_000_001)],
)
def test_parse_percent_is_exact(text, units):
    assert parse_percent(text) == units


def test_thirds_that_sum_to_fifty_do_so_exactly():
    assert parse_percent("33.3333") + parse_percent("16.6667") == parse_percent("50")


@pytest.mark.parametrize(
    ("text", "message"),
    [("abc", "not a number"), ("100.000001", "outside [0, 100]"), ("-1", "outside [0, 100]"),
     ("33.33333333", "more than 6 decimal places"), ("nan", "not a finite number")],
)
def test_parse_percent_rejects(text, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_percent(text)


@pytest.mark.parametrize(("units", "text"), [(50_000_000, "50"), (33_333_300, "33.3333"), (1, "0.000001"), (0, "0")])
def test_format_percent_round_trips(units, text):
    assert format_percent(units) == text
    assert parse_percent(text) == units
