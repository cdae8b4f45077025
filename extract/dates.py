"""Chinese time expressions -> ISO dates, relative to the article's date.

:func:`normalize` returns ``(iso, range)``: ``iso`` is as precise as the text
allows (``2018-11-06``, ``2021-09``, ``2021``, or ``''`` when no single date
is meant or the year is unknown) and ``range`` is a best-effort
``(first day, last day)`` or ``None``.

>>> normalize("2018年11月6日")
('2018-11-06', ('2018-11-06', '2018-11-06'))
>>> normalize("2021年9月")
('2021-09', ('2021-09-01', '2021-09-30'))
>>> normalize("10月9日", "2022-10-10")
('2022-10-09', ('2022-10-09', '2022-10-09'))
>>> normalize("12月30日", "2023-01-02")  # a month after the anchor's: last year
('2022-12-30', ('2022-12-30', '2022-12-30'))
>>> normalize("10月9日")  # year unknown: keep the text
('', None)
>>> normalize("今年8月", "2022-10-10")
('2022-08', ('2022-08-01', '2022-08-31'))
>>> normalize("昨日", "2009-05-22")
('2009-05-21', ('2009-05-21', '2009-05-21'))
>>> normalize("国庆前夕", "2022-10-10")
('', ('2022-09-24', '2022-09-30'))
>>> normalize("“七一”前夕", "2021-07-05")
('', ('2021-06-24', '2021-06-30'))
>>> normalize("七一", "2021-07-05")
('2021-07-01', ('2021-07-01', '2021-07-01'))
>>> normalize("二〇〇八年五月十二日下午2时28分")
('2008-05-12', ('2008-05-12', '2008-05-12'))
>>> normalize("２００９／０５／２２")
('2009-05-22', ('2009-05-22', '2009-05-22'))
>>> normalize("2021年6月至12月")
('', ('2021-06-01', '2021-12-31'))
>>> normalize("凌晨4时", "2009-05-22")  # a time of day alone says nothing of the date
('', None)
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

Range = tuple[str, str]

_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "两": "2"}
# Chinese numerals before 年 are read digit by digit (二〇〇八年); before 月/日/号 as numbers (二十三日).
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{2,4}(?=年)")
_CN_NUM = re.compile(r"[〇零一二两三四五六七八九十]{1,3}(?=[月日号])")

FULL = re.compile(r"(\d{4})\s*(?:年|/|-|\.)\s*(\d{1,2})\s*(?:月|/|-|\.)\s*(\d{1,2})(?!\d)")
YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(上旬|中旬|下旬|初|底)?")
YEAR = re.compile(r"(\d{4})年(?:[春夏秋冬]季?|初|底)?")
REL_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "前年": -2, "明年": 1}
REL_YEAR_RE = re.compile(r"(今年|本年|当年|去年|前年|明年)(?:(\d{1,2})月(?:(\d{1,2})[日号])?(上旬|中旬|下旬|初|底)?)?")
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
MONTH = re.compile(r"(\d{1,2})月(上旬|中旬|下旬|初|底)?(?!\d)")
DAY = re.compile(r"^(\d{1,2})[日号]")
REL_DAY = {"前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
REL_MONTH = {"上月": -1, "上个月": -1, "本月": 0, "这个月": 0, "当月": 0, "下月": 1, "下个月": 1}
REL_WEEK = {"上周": -1, "上星期": -1, "本周": 0, "这周": 0, "下周": 1}
# Recent past, as a reporter means it: about the two weeks before the article.
RECENT = ("近日", "日前", "近期", "连日来")
# Fixed-date holidays by their common names (lunar ones such as 春节, 中秋 stay text only).
HOLIDAYS = {"元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1), "五四": (5, 4), "六一": (6, 1), "七一": (7, 1), "建党节": (7, 1)}
HOLIDAYS |= {"八一": (8, 1), "建军节": (8, 1), "国庆": (10, 1), "国庆节": (10, 1), "教师节": (9, 10)}
HOLIDAY_RE = re.compile("(" + "|".join(sorted(HOLIDAYS, key=len, reverse=True)) + r")[”\"』」]?(前夕|前后|期间|当天|假期)?")
# How long a holiday lasts when the text says 期间 (Golden Weeks).
HOLIDAY_DAYS = {(10, 1): 7, (5, 1): 5}
RANGE_SEP = re.compile(r"至|到|—|~|～")


def _iso(d: date) -> str:
    return d.isoformat()


def _day(y: int, m: int, d: int) -> tuple[str, Range | None]:
    try:
        s = _iso(date(y, m, d))
    except ValueError:
        return "", None
    return s, (s, s)


def _month(y: int, m: int, part: str | None = None) -> tuple[str, Range | None]:
    if not 1 <= m <= 12 or not 1 <= y <= 9999:
        return "", None
    last = calendar.monthrange(y, m)[1]
    first, end = 1, last
    if part in ("上旬", "初"):
        end = 10
    elif part == "中旬":
        first, end = 11, 20
    elif part in ("下旬", "底"):
        first = 21
    return f"{y:04d}-{m:02d}", (_iso(date(y, m, first)), _iso(date(y, m, end)))


def _year(y: int) -> tuple[str, Range | None]:
    return f"{y:04d}", (f"{y:04d}-01-01", f"{y:04d}-12-31")


def _cn_number(s: str) -> str:
    """十 -> 10, 二十三 -> 23, 十二 -> 12, 三 -> 3."""
    if "十" not in s:
        return "".join(_DIGITS.get(c, c) for c in s)
    tens, _, ones = s.partition("十")
    return str(int(_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(_DIGITS.get(ones, "0")) if ones else 0))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # full-width digits, ／ and －
    text = _CN_YEAR.sub(lambda m: "".join(_DIGITS[c] for c in m.group(0)), text)
    return _CN_NUM.sub(lambda m: _cn_number(m.group(0)), text)


def _anchor(anchor: str) -> date | None:
    try:
        return date.fromisoformat(anchor[:10]) if anchor else None
    except ValueError:
        return None


def _year_for(month: int, ref: date) -> int:
    """The year of a month an article dated ``ref`` mentions without one: a later month is last year's.

    A later day of the anchor's own month stays this year (announcements: 本月15日起).
    """
    return ref.year - 1 if month > ref.month else ref.year


def normalize(text: str, anchor: str = "") -> tuple[str, Range | None]:
    """``text`` (a time expression) -> ``(ISO date or partial ISO, (first, last) or None)``.

    ``anchor`` is the article's ISO date (``''`` if unknown); expressions
    without a year need it. Times of day (上午, 凌晨4时) are ignored.
    """
    text = _clean(text.strip())
    ref = _anchor(anchor)
    parts = RANGE_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return _span(parts[0], parts[1], ref)
    return _one(text, ref)


def _span(first: str, second: str, ref: date | None) -> tuple[str, Range | None]:
    """2021年6月至12月, 5月1日至3日: the first part lends its year and month to the second."""
    iso1, r1 = _one(first, ref)
    if r1 is None:
        return "", None
    y, m = int(r1[0][:4]), int(r1[0][5:7])
    if re.match(r"\d{1,2}[日号]", second):
        second = f"{y}年{m}月{second}"
    elif not re.match(r"\d{4}", second):
        second = f"{y}年{second}"
    iso2, r2 = _one(second, None)
    if r2 is None or r2[1] < r1[0]:
        return iso1, r1
    return (iso1 if iso1 == iso2 else ""), (r1[0], r2[1])


def _one(text: str, ref: date | None) -> tuple[str, Range | None]:
    if m := FULL.search(text):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := YEAR_MONTH.search(text):
        return _month(int(m.group(1)), int(m.group(2)), m.group(3))
    if m := YEAR.search(text):
        return _year(int(m.group(1)))
    if m := REL_YEAR_RE.search(text):
        if ref is None:
            return "", None
        y = ref.year + REL_YEAR[m.group(1)]
        if m.group(3):
            return _day(y, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            return _month(y, int(m.group(2)), m.group(4))
        return _year(y)
    if m := HOLIDAY_RE.search(text):
        return _holiday(HOLIDAYS[m.group(1)], m.group(2) or "", ref)
    if ref is None:
        return "", None
    if m := MONTH_DAY.search(text):
        month, day = int(m.group(1)), int(m.group(2))
        return _day(_year_for(month, ref), month, day)
    if m := MONTH.search(text):
        month = int(m.group(1))
        return _month(_year_for(month, ref), month, m.group(2))
    if m := DAY.search(text):
        day = int(m.group(1))
        month_start = ref.replace(day=1)
        if day > ref.day:  # 28日 in an article of the 3rd: last month
            month_start = (month_start - timedelta(days=1)).replace(day=1)
        return _day(month_start.year, month_start.month, day)
    for word, shift in REL_DAY.items():
        if word in text:
            s = _iso(ref + timedelta(days=shift))
            return s, (s, s)
    for word, shift in REL_MONTH.items():
        if word in text:
            y, m0 = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
            return _month(y, m0 + 1)
    for word, shift in REL_WEEK.items():
        if word in text:
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
            return "", (_iso(monday), _iso(monday + timedelta(days=6)))
    if any(word in text for word in RECENT):
        return "", (_iso(ref - timedelta(days=14)), _iso(ref))
    return "", None


def _holiday(month_day: tuple[int, int], when: str, ref: date | None) -> tuple[str, Range | None]:
    """国庆, 七一前夕, 五一期间: the year is the article's."""
    if ref is None:
        return "", None
    day = date(ref.year, *month_day)
    if when == "前夕":  # the week before
        return "", (_iso(day - timedelta(days=7)), _iso(day - timedelta(days=1)))
    if when == "前后":
        return "", (_iso(day - timedelta(days=3)), _iso(day + timedelta(days=3)))
    if when in ("期间", "假期"):
        return "", (_iso(day), _iso(day + timedelta(days=HOLIDAY_DAYS.get(month_day, 1) - 1)))
    return _iso(day), (_iso(day), _iso(day))
