"""Prodigy-style span and relation JSONL, the annotation interchange of the spaCy world.

Export writes, per document, ``text``, ``tokens`` (with character and token offsets),
``spans`` (``start``/``end``/``token_start``/``token_end``/``label``, token ends
inclusive as in Prodigy) and ``relations`` (``head``/``child`` token indices of the
spans' last tokens, ``head_span``/``child_span`` and ``label``). Import reads the same,
matching relation ends to spans by their character offsets, or by token index when a
record carries only those.
"""
from typing import Any, Dict, Iterable, Iterator, Optional

from spacy.language import Language

from .jsonl import json_records, record_to_doc
from .model import AnnotatedDoc, CorpusError, SpanAnnotation


def to_prodigy(nlp: Language, doc: AnnotatedDoc) -> Dict[str, Any]:
    tokens = nlp.make_doc(doc.text)
    by_start = {t.idx: t.i for t in tokens}
    by_end = {t.idx + len(t): t.i for t in tokens}

    def span_record(s: SpanAnnotation) -> Dict[str, Any]:
        if s.start not in by_start or s.end not in by_end:
            raise CorpusError(doc.path, doc.line, f"span {doc.text[s.start:s.end]!r} does not fall on token boundaries")
        return {"start": s.start, "end": s.end, "token_start": by_start[s.start], "token_end": by_end[s.end], "label": s.label}

    spans = [span_record(s) for s in doc.spans]
    return {
        "text": doc.text,
        "meta": {"id": doc.id, **{k: v for k, v in doc.meta.items() if k != "id"}},
        "tokens": [{"text": t.text, "start": t.idx, "end": t.idx + len(t), "id": t.i, "ws": bool(t.whitespace_)} for t in tokens],
        "spans": spans,
        "relations": [
            {
                "head": spans[r.head]["token_end"],
                "child": spans[r.child]["token_end"],
                "head_span": spans[r.head],
                "child_span": spans[r.child],
                "label": r.label,
            }
            for r in doc.relations
        ],
        "answer": "accept",
    }


def from_prodigy(record: Dict[str, Any], path: str, line: int, defaults: Dict[str, str]) -> Optional[AnnotatedDoc]:
    """The document in a Prodigy record, or None for a rejected or ignored answer."""
    if record.get("answer", "accept") != "accept":
        return None
    spans = record.get("spans") or []
    index_by_offsets = {(int(s["start"]), int(s["end"])): i for i, s in enumerate(spans)}
    index_by_token_end = {int(s["token_end"]): i for i, s in enumerate(spans) if "token_end" in s}
    relations = []
    for k, rel in enumerate(record.get("relations") or []):
        ends = []
        for side in ("head", "child"):
            span = rel.get(f"{side}_span")
            found = index_by_offsets.get((int(span["start"]), int(span["end"]))) if span else index_by_token_end.get(rel.get(side))
            if found is None:
                raise CorpusError(path, line, f"relation {k} ({rel.get('label')}) has a {side} that matches no span")
            ends.append(found)
        relations.append({"head": ends[0], "child": ends[1], "label": rel.get("label")})
    meta = dict(record.get("meta") or {})
    doc_id = str(meta.pop("id", None) or record.get("id") or record.get("_input_hash") or f"line-{line}")
    merged = {**defaults, **{k: str(v) for k, v in meta.items()}}
    merged.setdefault("trial", doc_id)
    doc = record_to_doc(
        {"id": doc_id, "text": record.get("text"), "spans": spans, "relations": relations, "meta": merged}, path, line
    )
    doc.sentences = None
    return doc


def read_prodigy(lines: Iterable[str], path: str, defaults: Dict[str, str]) -> Iterator[AnnotatedDoc]:
    for line_no, record in json_records(lines, path):
        doc = from_prodigy(record, path, line_no, defaults)
        if doc is not None:
            yield doc


