"""Dates to periods for `summarize --by period`: common forms, one documented rule for slashes."""

import datetime
import json
import warnings

import pytest

from dovehawk.summarize import parse_date, period_of


@pytest.mark.parametrize(
    "value, month",
    [
        ("2024-03-12", "2024-03"),
        ("2024-03-12T10:30:00+02:00", "2024-03"),
        ("2024-03-12 10:30", "2024-03"),
        ("2024-03", "2024-03"),
        ("2024/03/12", "2024-03"),
        ("12/03/2024", "2024-03"),
        ("12.03.2024", "2024-03"),
        ("2/3/2024", "2024-03"),  # day first
        ("03/25/2024", "2024-03"),  # the second number cannot be a month: month/day/year
        ("March 2024", "2024-03"),
        ("Mar. 2024", "2024-03"),
        ("12 March 2024", "2024-03"),
        ("March 12, 2024", "2024-03"),
        ("1st of September 2023", "2023-09"),
        ("Tue, 12 Mar 2024 10:00:00 +0000", "2024-03"),
        (datetime.date(2024, 3, 12), "2024-03"),
        (datetime.datetime(2024, 3, 12, 9), "2024-03"),
    ],
)
def test_common_date_forms_give_their_month(value, month):
    assert period_of(value, "month") == month
    assert period_of(value, "year") == month[:4]


def test_days_and_the_slash_rule():
    assert period_of("12/03/2024", "day") == "2024-03-12"
    assert period_of("03/25/2024", "day") == "2024-03-25"
    assert parse_date("12 March 2024") == parse_date("March 12, 2024") == parse_date("2024-03-12") == (2024, 3, 12)


@pytest.mark.parametrize("value", [None, "", "n/a", "yesterday", "31/02/2024", "2024-13", "Smarch 2024"])
def test_what_is_not_a_date_is_unknown(value):
    with pytest.warns(UserWarning, match="unknown"):
        assert period_of(value, "month") == "unknown"


def test_a_month_is_unknown_by_day():
    with pytest.warns(UserWarning, match="less precise"):
        assert period_of("March 2024", "day") == "unknown"


def test_summarize_warns_once_for_many_bad_dates(tmp_path):
    from dovehawk.summarize import summarise

    rows = []
    for i, date in enumerate(["12/03/2024", "March 2024", "garbage", "also garbage", None, "2024-04-01"]):
        rows.append(
            {
                "doc_id": f"d{i}",
                "sentence_index": 0,
                "text": "Talks.",
                "stance": "favor",
                "sentiment": "neutral",
                "scored": True,
                "date": date,
            }
        )
    path = tmp_path / "l.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        table, _ = summarise([str(path)], ["period"], n_boot=10)
    assert [(r["period"], r["n_articles"]) for r in table] == [("2024-03", 2), ("2024-04", 1), ("unknown", 3)]
    assert len([w for w in caught if "unknown" in str(w.message)]) == 1
