import pytest
from hypothesis import given, strategies as st

from trial_outcomes.schema import STATISTIC_KINDS
from trial_outcomes.statistics import parse_statistic

EXAMPLES = [
    ("*p* < 0.001", {"kind": "p_value", "value": 0.001, "operator": "<"}),
    ("P = .03", {"kind": "p_value", "value": 0.03, "operator": "="}),
    ("p ≤ 0.05", {"kind": "p_value", "value": 0.05, "operator": "≤"}),
    ("<.01", {"kind": "p_value", "value": 0.01, "operator": "<"}),
    ("95% CI: 1.1–1.8", {"kind": "ci", "lower": 1.1, "upper": 1.8}),
    ("(95% CI, 1.1 to 1.8", {"kind": "ci", "lower": 1.1, "upper": 1.8}),
    ("95% CI −2.1 to −0.4", {"kind": "ci", "lower": -2.1, "upper": -0.4}),
    ("RR = 1.4", {"kind": "ratio", "value": 1.4, "unit": "RR"}),
    ("HR, 0.79", {"kind": "ratio", "value": 0.79, "unit": "HR"}),
    ("OR=2.0", {"kind": "ratio", "value": 2.0, "unit": "OR"}),
    ("HR 0.79 (95% CI 0.62–0.91)", {"kind": "ratio", "value": 0.79, "lower": 0.62, "upper": 0.91}),
    ("difference 15.5%", {"kind": "difference", "value": 15.5, "unit": "%"}),
    ("32.9±30.2 months", {"kind": "mean_sd", "value": 32.9, "sd": 30.2, "unit": "months"}),
    ("16.5 [12.7–21.5]", {"kind": "median_iqr", "value": 16.5, "lower": 12.7, "upper": 21.5}),
    ("median 16 (IQR 12–21)", {"kind": "median_iqr", "value": 16.0, "lower": 12.0, "upper": 21.0}),
    ("108 (30.0%)", {"kind": "count", "value": 108.0, "percent": 30.0}),
    ("45/120 (37.5%)", {"kind": "fraction", "value": 45.0, "denominator": 120.0, "percent": 37.5}),
    ("10/45", {"kind": "fraction", "value": 10.0, "denominator": 45.0}),
    ("15 of 32", {"kind": "fraction", "value": 15.0, "denominator": 32.0}),
    ("47.8%", {"kind": "percent", "value": 47.8}),
    ("15–30%", {"kind": "percent", "lower": 15.0, "upper": 30.0}),
    ("n = 1,271", {"kind": "count", "value": 1271.0}),
    ("Forty-three", {"kind": "count", "value": 43.0}),
    ("−25.6 IU/mL", {"kind": "other", "value": -25.6, "unit": "IU/mL"}),
]


@pytest.mark.parametrize("text, expected", EXAMPLES)
def test_examples(text, expected):
    result = parse_statistic(text)
    assert {k: result[k] for k in expected} == expected


def test_every_result_has_the_schema_fields_and_never_raises():
    for text in ["", "n.s.", "—", "p", "95% CI", "( )", "∞"]:
        result = parse_statistic(text)
        assert {"kind", "value", "lower", "upper", "operator", "unit"} <= set(result)
        assert result["kind"] in STATISTIC_KINDS


decimals = st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False, allow_infinity=False)
probabilities = st.decimals(min_value="0.0001", max_value="0.999", places=4)
dashes = st.sampled_from(["–", "-", " to ", "—", " – "])
minus = st.sampled_from(["-", "−"])


def fmt(d) -> str:
    return format(d, "f")


@given(probabilities, st.sampled_from(["p", "P", "*p*", "*P*"]), st.sampled_from(["<", "=", "≤", " < ", " = "]), st.booleans())
def test_p_values(value, name, operator, drop_zero):
    text = fmt(value)
    if drop_zero and text.startswith("0."):
        text = text[1:]
    result = parse_statistic(f"{name}{operator}{text}")
    assert result["kind"] == "p_value"
    assert result["value"] == pytest.approx(float(value))
    assert result["operator"] == operator.strip()


@given(decimals, decimals, dashes, st.sampled_from(["95% CI ", "95% CI: ", "(95% CI, ", "[95% CI "]), st.booleans())
def test_confidence_intervals(a, b, dash, prefix, negative_low):
    low, high = (min(a, b), max(a, b))
    low_text = ("−" if negative_low else "") + fmt(low)
    result = parse_statistic(f"{prefix}{low_text}{dash}{fmt(high)}")
    assert result["kind"] == "ci"
    assert result["lower"] == pytest.approx(-float(low) if negative_low else float(low))
    assert result["upper"] == pytest.approx(float(high))


@given(st.integers(min_value=1000, max_value=9_999_999))
def test_thousands_separators(n):
    assert parse_statistic(f"n = {n:,}")["value"] == n


@given(decimals, decimals, st.sampled_from(["±", " ± "]), st.sampled_from(["", " months", " mg/dL"]), minus, st.booleans())
def test_mean_sd(mean, sd, pm, unit, sign, negative):
    text = f"{sign if negative else ''}{fmt(mean)}{pm}{fmt(sd)}{unit}"
    result = parse_statistic(text)
    assert result["kind"] == "mean_sd"
    assert result["value"] == pytest.approx(-float(mean) if negative else float(mean))
    assert result["sd"] == pytest.approx(float(sd))
    assert result["unit"] == (unit.strip() or None)


@given(decimals, decimals, decimals, dashes, st.sampled_from(["[", "("]))
def test_median_iqr(median, a, b, dash, bracket):
    low, high = min(a, b), max(a, b)
    close = "]" if bracket == "[" else ")"
    result = parse_statistic(f"{fmt(median)} {bracket}{fmt(low)}{dash}{fmt(high)}{close}")
    assert result["kind"] == "median_iqr"
    assert (result["value"], result["lower"], result["upper"]) == pytest.approx((float(median), float(low), float(high)))


@given(st.sampled_from(["HR", "OR", "RR", "hazard ratio", "odds ratio"]), st.sampled_from([" ", " = ", "=", ", "]), decimals)
def test_ratios(name, joiner, value):
    result = parse_statistic(f"{name}{joiner}{fmt(value)}")
    assert result["kind"] == "ratio" and result["value"] == pytest.approx(float(value))


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000), st.sampled_from(["/", " of "]))
def test_fractions(k, n, sep):
    result = parse_statistic(f"{k}{sep}{n}")
    assert result["kind"] == "fraction" and (result["value"], result["denominator"]) == (k, n)
