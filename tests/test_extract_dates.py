"""Event dates: absolute, year-less and relative to the publication date, without the model."""

import datetime as dt

import pytest

from kgbuild.extract.dates import resolve_date

THURSDAY = dt.date(2025, 7, 24)


@pytest.mark.parametrize("text, expected", [
    ("on Wednesday", dt.date(2025, 7, 23)),
    ("on Thursday", THURSDAY),
    ("last Thursday", dt.date(2025, 7, 17)),
    ("yesterday", dt.date(2025, 7, 23)),
    ("today", THURSDAY),
    ("May 16", dt.date(2025, 5, 16)),
    ("16 May", dt.date(2025, 5, 16)),
    ("December 30", dt.date(2024, 12, 30)),  # a year-less date after publication is last year's
    ("December 13, 2023", dt.date(2023, 12, 13)),
    ("2024-08-01", dt.date(2024, 8, 1)),
])
def test_resolve_date(text, expected):
    assert resolve_date(text, THURSDAY) == expected


@pytest.mark.parametrize("text", ["on Wednesday", "yesterday", "May 16", "next Friday"])
def test_relative_dates_need_publication(text):
    assert resolve_date(text, None) is None


@pytest.mark.parametrize("text", ["since the spring of 2022", "in recent months", "50 days", "next Friday"])
def test_vague_dates_stay_unknown(text):
    assert resolve_date(text, THURSDAY) is None


def test_absolute_date_without_publication():
    assert resolve_date("on 13 December 2023", None) == dt.date(2023, 12, 13)


@pytest.mark.parametrize("text, expected", [
    ("Feb. 17", dt.date(2026, 2, 17)),   # two days after publication: still to come, this year
    ("March 20", dt.date(2026, 3, 20)),
    ("June 3", dt.date(2025, 6, 3)),     # months after publication: last year's
    ("December 30", dt.date(2025, 12, 30)),
])
def test_a_day_without_a_year_soon_after_publication_is_coming(text, expected):
    assert resolve_date(text, dt.date(2026, 2, 15)) == expected


def test_a_day_months_after_publication_is_coming_only_when_ahead():
    published = dt.date(2026, 2, 15)
    assert resolve_date("May 20", published, ahead=True) == dt.date(2026, 5, 20)  # "talks will resume on May 20"
    assert resolve_date("May 20", published) == dt.date(2025, 5, 20)
