"""Parse the text of a STATISTIC span into numbers a meta-analyst can use.

``parse_statistic("95% CI, 1.1 to 1.8")`` gives
``{"kind": "ci", "value": None, "lower": 1.1, "upper": 1.8, "operator": None, "unit": None}``.

Every result has the schema's six keys (``kind`` one of ``schema.STATISTIC_KINDS``);
a few kinds carry one more key where the schema's fields cannot hold a number the
reviewer needs: ``sd`` for ``mean_sd``, ``denominator`` for ``fraction`` and
``percent`` for a count or fraction given with its percentage (``108 (30.0%)``).
The parser never raises: text it cannot read is ``kind="other"`` with ``value=None``.
"""
import re
from typing import Any, Dict, Optional

NUMBER = r"[+\-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
RANGE_SEPARATOR = r"\s*(?:–|—|-|to|,|;)\s*"
OPERATOR = r"(?:<=|>=|=<|=>|[<>=≤≥])"
RATIO_NAMES = {
    "hr": "HR", "hazard ratio": "HR", "or": "OR", "odds ratio": "OR", "rr": "RR", "relative risk": "RR",
    "risk ratio": "RR", "irr": "IRR", "rate ratio": "RR", "incidence rate ratio": "IRR",
}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_OPERATOR_NAMES = {"<=": "≤", "=<": "≤", ">=": "≥", "=>": "≥"}

_P_VALUE = re.compile(rf"^p(?:[\s-]*values?)?\s*(?P<op>{OPERATOR})?\s*(?P<x>{NUMBER})", re.I)
_BARE_OPERATOR = re.compile(rf"^(?P<op>{OPERATOR})\s*(?P<x>{NUMBER})$")
_CI = re.compile(rf"(?:\bCI\b|confidence interval)[\s:,=]*[\[(]?\s*(?P<lo>{NUMBER}){RANGE_SEPARATOR}(?P<hi>{NUMBER})", re.I)
_RATIO = re.compile(
    rf"^(?:adjusted\s+|a)?(?P<name>incidence rate ratio|hazard ratio|odds ratio|relative risk|risk ratio|rate ratio|IRR|HR|OR|RR)\b"
    rf"[\s,:=]*(?P<op>{OPERATOR})?\s*(?P<x>{NUMBER})"
    rf"(?:\s*[(\[]\s*(?:95\s*%\s*CI[\s:,]*)?(?P<lo>{NUMBER}){RANGE_SEPARATOR}(?P<hi>{NUMBER})\s*[)\]])?",
    re.I,
)
_DIFFERENCE = re.compile(rf"difference|percentage points?|\bMD\b|\bRD\b", re.I)
_MEDIAN_IQR = re.compile(
    rf"(?P<x>{NUMBER})\s*(?P<unit>[^\d\s\[(]*)\s*[\[(]\s*(?:IQR|range)?[\s:,]*(?P<lo>{NUMBER}){RANGE_SEPARATOR}(?P<hi>{NUMBER})\s*[\])]",
    re.I,
)
_MEAN_SD = re.compile(rf"(?P<x>{NUMBER})\s*(?:±|\+/-|\+-)\s*(?P<sd>{NUMBER})\s*(?P<unit>.*)$")
_MEAN_SD_WORDS = re.compile(
    rf"(?:\bSD\b.*?(?P<x1>{NUMBER})\s*\(\s*(?P<sd1>{NUMBER})\s*\))|(?:(?P<x2>{NUMBER})\s*\(\s*(?:SD|s\.d\.)[\s:=]*(?P<sd2>{NUMBER})\s*\))",
    re.I,
)
_PAIR_WITH_UNIT = re.compile(rf"^(?P<x>{NUMBER})\s*/\s*(?P<y>{NUMBER})\s+(?P<unit>[^\d].*)$")
_WITH_PERCENT = re.compile(
    rf"^(?:n\s*=\s*)?(?P<x>{NUMBER})(?:\s*/\s*(?P<d>{NUMBER}))?\s*[(\[]\s*(?P<pct>{NUMBER})\s*%\s*[)\]]$", re.I
)
_FRACTION = re.compile(rf"^(?P<x>{NUMBER})\s*(?:/|\bof\b)\s*(?P<d>{NUMBER})$", re.I)
_PERCENT = re.compile(rf"^(?P<op>{OPERATOR})?\s*(?P<x>{NUMBER})(?:{RANGE_SEPARATOR}(?P<hi>{NUMBER}))?\s*%$")
_COUNT = re.compile(rf"^(?:n\s*=\s*)?(?P<x>\d{{1,3}}(?:,\d{{3}})+|\d+)$", re.I)
_VALUE_WITH_UNIT = re.compile(rf"(?P<op>{OPERATOR})?\s*(?P<x>{NUMBER})(?:{RANGE_SEPARATOR}(?P<hi>{NUMBER}))?\s*(?P<unit>[^\d].*)?$")


def _number(text: Optional[str]) -> Optional[float]:
    if text is None:
        return None
    return float(text.replace(",", ""))


def _operator(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    return _OPERATOR_NAMES.get(text, text)


def _normalise(text: str) -> str:
    text = text.replace("−", "-").replace("‒", "-").replace("﹣", "-").replace("－", "-")
    text = re.sub(r"[*_]", "", text)  # markdown emphasis: *p*, _P_
    text = re.sub(r"[\u00a0\u2009\u202f\u2007]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _words_to_number(text: str) -> Optional[int]:
    parts = re.split(r"[\s-]+", text.lower())
    if not parts or any(p not in NUMBER_WORDS and p != "hundred" for p in parts):
        return None
    total = 0
    for part in parts:
        total = total * 100 if part == "hundred" else total + NUMBER_WORDS[part]
    return total


def _result(kind: str, value=None, lower=None, upper=None, operator=None, unit=None, **extra) -> Dict[str, Any]:
    unit = unit.strip() or None if isinstance(unit, str) else unit
    return {"kind": kind, "value": value, "lower": lower, "upper": upper, "operator": operator, "unit": unit, **extra}


def parse_statistic(text: str) -> Dict[str, Any]:
    s = _normalise(text)
    if m := _P_VALUE.match(s):
        return _result("p_value", _number(m["x"]), operator=_operator(m["op"]) or "=")
    if m := _RATIO.match(s):
        return _result(
            "ratio", _number(m["x"]), _number(m["lo"]), _number(m["hi"]), _operator(m["op"]), RATIO_NAMES[m["name"].lower()]
        )
    if m := _CI.search(s):
        return _result("ci", lower=_number(m["lo"]), upper=_number(m["hi"]))
    if _DIFFERENCE.search(s) and (m := re.search(rf"(?P<op>{OPERATOR})?\s*(?P<x>{NUMBER})\s*(?P<unit>%|percentage points?)?", s)):
        return _result("difference", _number(m["x"]), operator=_operator(m["op"]), unit=m["unit"])
    if m := _MEAN_SD.search(s):
        return _result("mean_sd", _number(m["x"]), unit=m["unit"], sd=_number(m["sd"]))
    if m := _MEAN_SD_WORDS.search(s):
        return _result("mean_sd", _number(m["x1"] or m["x2"]), sd=_number(m["sd1"] or m["sd2"]))
    if m := _WITH_PERCENT.match(s):
        if m["d"] is not None:
            return _result("fraction", _number(m["x"]), denominator=_number(m["d"]), percent=_number(m["pct"]))
        return _result("count", _number(m["x"]), percent=_number(m["pct"]))
    if m := _MEDIAN_IQR.search(s):
        return _result("median_iqr", _number(m["x"]), _number(m["lo"]), _number(m["hi"]), unit=m["unit"])
    if m := _FRACTION.match(s):
        return _result("fraction", _number(m["x"]), denominator=_number(m["d"]))
    if m := _PERCENT.match(s):
        if m["hi"] is not None:
            return _result("percent", lower=_number(m["x"]), upper=_number(m["hi"]), operator=_operator(m["op"]), unit="%")
        return _result("percent", _number(m["x"]), operator=_operator(m["op"]), unit="%")
    if m := _PAIR_WITH_UNIT.match(s):  # e.g. systolic/diastolic "5.8/2.1 mmHg": two values, no single one
        return _result("other", unit=m["unit"])
    if m := _COUNT.match(s):
        return _result("count", _number(m["x"]))
    if (words := _words_to_number(s)) is not None:
        return _result("count", float(words))
    if m := _BARE_OPERATOR.match(s):
        value = _number(m["x"])
        kind = "p_value" if value is not None and 0 <= value <= 1 else "other"
        return _result(kind, value, operator=_operator(m["op"]))
    if m := _VALUE_WITH_UNIT.search(s):
        if m["hi"] is not None:
            return _result("other", lower=_number(m["x"]), upper=_number(m["hi"]), operator=_operator(m["op"]), unit=m["unit"])
        return _result("other", _number(m["x"]), operator=_operator(m["op"]), unit=m["unit"])
    return _result("other")
