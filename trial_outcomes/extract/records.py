"""What the extract command writes: a JSON record per document, a CSV row per outcome."""
from typing import Any, Dict, List

from spacy.tokens import Doc

CSV_COLUMNS = [
    "document_id", "endpoint", "endpoint_long_form", "drug", "dose", "population",
    "statistic", "kind", "value", "lower", "upper", "unit", "operator",
    "p_value_text", "p_value", "ci_text", "ci_lower", "ci_upper", "effect_text", "sentence",
]


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def document_record(doc_id: str, doc: Doc) -> Dict[str, Any]:
    return {
        "id": doc_id,
        "entities": [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.ents],
        "relations": [
            {**rel.toDict(), "score": _round(rel.score)} for rel in doc._.relations
        ],
        "outcomes": doc._.outcomes,
    }


def outcome_rows(record: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for outcome in record["outcomes"]:
        stat = outcome["statistic"]
        arms = outcome["arms"]
        p_value = next((c for c in outcome["comparisons"] if c["kind"] == "p_value"), None)
        ci = next((c for c in outcome["comparisons"] if c["kind"] == "ci"), None)
        effect = next((c for c in outcome["comparisons"] if c["kind"] in ("ratio", "difference")), None)
        rows.append(
            {
                "document_id": record["id"],
                "endpoint": outcome["endpoint"]["text"],
                "endpoint_long_form": outcome["endpoint"].get("long_form") or "",
                "drug": " vs ".join(a["drug"]["text"] for a in arms if a["drug"]),
                "dose": " vs ".join(", ".join(d["text"] for d in a["doses"]) for a in arms if a["doses"]),
                "population": outcome["population"]["text"] if outcome["population"] else "",
                "statistic": stat["text"],
                **{key: "" if stat.get(key) is None else stat[key] for key in ("kind", "value", "lower", "upper", "unit", "operator")},
                "p_value_text": p_value["text"] if p_value else "",
                "p_value": p_value["value"] if p_value and p_value["value"] is not None else "",
                "ci_text": ci["text"] if ci else "",
                "ci_lower": ci["lower"] if ci and ci["lower"] is not None else "",
                "ci_upper": ci["upper"] if ci and ci["upper"] is not None else "",
                "effect_text": effect["text"] if effect else "",
                "sentence": outcome["sentence"] or "",
            }
        )
    return rows


def outcomes_dataframe(records):
    """The outcome rows of JSON records as a pandas DataFrame."""
    import pandas

    return pandas.DataFrame([row for record in records for row in outcome_rows(record)], columns=CSV_COLUMNS)
