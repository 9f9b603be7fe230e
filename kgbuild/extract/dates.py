"""Dates of events: absolute ("May 16, 2025", "16 May") or relative to publication ("on Wednesday",
"yesterday"). Without a publication date, relative and year-less dates stay unknown."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, month in enumerate(MONTHS, 1) if month.startswith(name[:3]))


UPCOMING_DAYS = 60  # how far after publication a month and day without a year is read as still to come


def _year_less(month: int, day: int, year: str | None, published: dt.date | None, ahead: bool = False) -> dt.date | None:
    try:
        if year:
            return dt.date(int(year), month, day)
        if published is None:
            return None
        candidate = dt.date(published.year, month, day)
        # a day a few weeks after publication is coming ("talks on Feb. 17"), not last year's; any
        # later day this year is when the event is ``ahead`` ("will resume on May 20")
        return candidate if (candidate - published).days <= (366 if ahead else UPCOMING_DAYS) \
            else dt.date(published.year - 1, month, day)
    except ValueError:
        return None


def resolve_date(text: str, published: dt.date | None, ahead: bool = False) -> dt.date | None:
    """The calendar day a date expression names, or None when it names no single known day.

    "on Wednesday" is the last Wednesday on or before publication (the next one after it when
    the event is ``ahead``: "talks scheduled to begin on Friday"); "yesterday" the day before; a
    month and day after publication is this year's when it is near or ``ahead``, else last year's.
    """
    lowered = text.lower()
    if match := _ISO.search(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _MONTH_DAY.search(text):
        return _year_less(_month_number(match[1]), int(match[2]), match[3], published, ahead)
    if match := _DAY_MONTH.search(text):
        return _year_less(_month_number(match[2]), int(match[1]), match[3], published, ahead)
    if published is None:
        return None
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lowered):
        return published
    if re.search(r"\b(yesterday|last night)\b", lowered):
        return published - dt.timedelta(days=1)
    for index, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", lowered):
            if re.search(rf"\b(next|coming)\s+{day}\b", lowered):
                return None
            if ahead:
                return published + dt.timedelta(days=(index - published.weekday()) % 7 or 7)
            back = (published.weekday() - index) % 7
            if re.search(rf"\blast\s+{day}\b", lowered) and back == 0:
                back = 7
            return published - dt.timedelta(days=back)
    return None


def listed_days(text: str, published: dt.date | None, ahead: bool = False) -> list[dt.date]:
    """The days a list of dates names, in order ("May 16 and June 2", "16 May, 2 June"); a range
    ("January 17 to 21") or a single date gives at most one. ``ahead``: as in :func:`resolve_date`."""
    days = [_year_less(_month_number(m[1]), int(m[2]), m[3], published, ahead) for m in _MONTH_DAY.finditer(text)] \
        or [_year_less(_month_number(m[2]), int(m[1]), m[3], published, ahead) for m in _DAY_MONTH.finditer(text)]
    return list(dict.fromkeys(day for day in days if day is not None))
