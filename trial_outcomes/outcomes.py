"""Outcome records: one per result number, assembled from the relations around it.

A result number is a STATISTIC that ``MEASURES`` an endpoint. Its record::

    {"endpoint": {"text", "start", "end", "long_form"},
     "endpoints": [every endpoint it measures, same shape],
     "arms": [{"drug": {...} or None, "doses": [{...}]}],
     "population": {...} or None,
     "statistic": {"text", "start", "end", "kind", "value", "lower", "upper", "operator", "unit", ...},
     "comparisons": [statistic dicts of the p-values, CIs, ratios and differences
                     that measure the same endpoint for the same arms],
     "sentence": the sentence text}

Records are computed from ``doc._.relations`` when read (``doc._.outcomes`` is a
getter), so they always agree with the relations and cost nothing unless used.
"""
from collections import defaultdict
from typing import Any, Dict, List, Optional

from spacy.tokens import Doc, Span

from .relations.records import get_relations
from .statistics import parse_statistic

COMPARATIVE_KINDS = frozenset({"p_value", "ci", "ratio", "difference"})


def statistic_of(span: Span) -> Optional[Dict[str, Any]]:
    """``span._.statistic``: the parsed fields of a STATISTIC span, else None."""
    if span.label_ != "STATISTIC":
        return None
    return parse_statistic(span.text)


def _mention(span: Optional[Span]) -> Optional[Dict[str, Any]]:
    if span is None:
        return None
    record: Dict[str, Any] = {"text": span.text, "start": span.start_char, "end": span.end_char}
    if span.label_ == "ENDPOINT":
        long_form = span._.get("long_form") if Span.has_extension("long_form") else None
        record["long_form"] = long_form if isinstance(long_form, str) or long_form is None else long_form.text
    return record


def _statistic_record(span: Span, parsed: Dict[str, Any]) -> Dict[str, Any]:
    return {"text": span.text, "start": span.start_char, "end": span.end_char, **parsed}


def assemble_outcomes(doc: Doc) -> List[Dict[str, Any]]:
    relations = get_relations(doc)
    if not relations:
        return []
    by_head: Dict[Span, Dict[str, List[Span]]] = defaultdict(lambda: defaultdict(list))
    doses_of: Dict[Span, List[Span]] = defaultdict(list)
    drug_of_dose: Dict[Span, Span] = {}
    for rel in relations:
        if rel.label == "DOSE_OF":
            doses_of[rel.child].append(rel.head)
            drug_of_dose[rel.head] = rel.child
        else:
            kind = "DOSE" if rel.label == "ARM" and rel.child.label_ == "DOSE" else rel.label
            by_head[rel.head][kind].append(rel.child)

    def arms_of(links: Dict[str, List[Span]]) -> List[Dict[str, Any]]:
        arms = []
        linked_doses = sorted(links.get("DOSE", []), key=lambda s: s.start)
        for drug in sorted(links.get("ARM", []), key=lambda s: s.start):
            own = [d for d in linked_doses if drug_of_dose.get(d) == drug]
            doses = own or ([] if linked_doses else sorted(doses_of.get(drug, []), key=lambda s: s.start))
            arms.append({"drug": _mention(drug), "doses": [_mention(d) for d in doses]})
        for dose in linked_doses:
            if drug_of_dose.get(dose) not in links.get("ARM", []):
                arms.append({"drug": _mention(drug_of_dose.get(dose)), "doses": [_mention(dose)]})
        return arms

    def key(links: Dict[str, List[Span]]):
        endpoints = frozenset(e.text.lower() for e in links.get("MEASURES", []))
        drugs = frozenset(d.text.lower() for d in links.get("ARM", []))
        return endpoints, drugs

    parsed = {head: parse_statistic(head.text) for head in by_head}
    comparative = [(head, links) for head, links in by_head.items() if parsed[head]["kind"] in COMPARATIVE_KINDS]
    records = []
    for head in sorted(by_head, key=lambda s: s.start):
        links = by_head[head]
        endpoints = sorted(links.get("MEASURES", []), key=lambda s: s.start)
        if head.label_ != "STATISTIC" or not endpoints:
            continue
        endpoint_names, drug_names = key(links)
        comparisons = [
            _statistic_record(other, parsed[other])
            for other, other_links in comparative
            if other != head
            and endpoint_names & key(other_links)[0]
            and drug_names <= key(other_links)[1]
        ]
        populations = sorted(links.get("IN_GROUP", []), key=lambda s: s.start)
        records.append(
            {
                "endpoint": _mention(endpoints[0]),
                "endpoints": [_mention(e) for e in endpoints],
                "arms": arms_of(links),
                "population": _mention(populations[0]) if populations else None,
                "statistic": _statistic_record(head, parsed[head]),
                "comparisons": comparisons,
                "sentence": head.sent.text if doc.has_annotation("SENT_START") else None,
            }
        )
    return records


def register_extensions() -> None:
    if not Span.has_extension("statistic"):
        Span.set_extension("statistic", getter=statistic_of)
    if not Doc.has_extension("outcomes"):
        Doc.set_extension("outcomes", getter=assemble_outcomes)


register_extensions()
