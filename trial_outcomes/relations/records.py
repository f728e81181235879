"""How relations live on a ``Doc``.

``doc._.relation_data`` holds plain records keyed by character offsets::

    [{"head": {"start": 41, "end": 46, "label": "STATISTIC"},
      "child": {"start": 12, "end": 17, "label": "ENDPOINT"},
      "label": "MEASURES", "score": 0.97}, ...]

Plain lists and string-keyed dicts survive ``DocBin``, ``Doc.to_bytes`` (and so
``nlp.pipe(n_process=2)``) and ``Doc.to_json(underscore=["relation_data"])``;
character offsets survive retokenization. ``doc._.relations`` is a getter that turns
the records into :class:`Relation` objects whose ``head`` and ``child`` are the
entity spans. Only predicted relations are stored, never a score per candidate.
"""
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional

from spacy.tokens import Doc, Span

RELATION_DATA = "relation_data"


@dataclass(frozen=True)
class Relation:
    head: Span
    child: Span
    label: str
    score: float = 1.0

    def toDict(self) -> Dict[str, Any]:  # noqa: N802 - the name srsly's JSON encoder looks for
        record = self.record()
        record["head"]["text"] = self.head.text
        record["child"]["text"] = self.child.text
        return record

    def record(self) -> Dict[str, Any]:
        """What ``doc._.relation_data`` stores: offsets and labels, no text."""
        return {"head": _side(self.head), "child": _side(self.child), "label": self.label, "score": self.score}

    to_dict = toDict


def _side(span: Span) -> Dict[str, Any]:
    return {"start": span.start_char, "end": span.end_char, "label": span.label_}


def set_relations(doc: Doc, relations: Iterable[Relation]) -> None:
    doc._.set(RELATION_DATA, [rel.record() for rel in relations])


def get_relations(doc: Doc) -> List[Relation]:
    records = doc._.get(RELATION_DATA) or ()
    if not records:
        return []
    ents = {(e.start_char, e.end_char): e for e in doc.ents}
    relations = []
    for record in records:
        head = _resolve(doc, record["head"], ents)
        child = _resolve(doc, record["child"], ents)
        if head is not None and child is not None:
            relations.append(Relation(head, child, record["label"], float(record.get("score", 1.0))))
    return relations


def _resolve(doc: Doc, record: Mapping[str, Any], ents: Mapping[tuple, Span]) -> Optional[Span]:
    start, end = int(record["start"]), int(record["end"])
    span = ents.get((start, end))
    if span is None:
        span = doc.char_span(start, end, label=record.get("label", ""))
    return span


def register_extensions() -> None:
    if not Doc.has_extension(RELATION_DATA):
        Doc.set_extension(RELATION_DATA, default=None)
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", getter=get_relations)


register_extensions()
