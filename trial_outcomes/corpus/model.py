"""Plain data classes for an annotated document, independent of spaCy."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


class CorpusError(ValueError):
    """A problem in an annotated file, located by path and 1-based line."""

    def __init__(self, path: str, line: Optional[int], message: str):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class SpanAnnotation:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class RelationAnnotation:
    head: int  # index into AnnotatedDoc.spans
    child: int
    label: str


@dataclass
class AnnotatedDoc:
    id: str
    text: str
    spans: List[SpanAnnotation]
    relations: List[RelationAnnotation]
    meta: Dict[str, Any] = field(default_factory=dict)
    # gold sentence boundaries as (start, end) character offsets, when the source has them
    sentences: Optional[List[Tuple[int, int]]] = None
    path: str = ""
    line: int = 1
    # source line of each span, for error messages (the record's line for JSONL input)
    span_lines: Optional[List[int]] = None

    def span_line(self, index: int) -> int:
        return self.span_lines[index] if self.span_lines else self.line

    def span_text(self, index: int) -> str:
        span = self.spans[index]
        return self.text[span.start : span.end]

    def to_jsonl_record(self) -> Dict[str, Any]:
        """The character-offset JSONL form used by ``../shared/eval/``."""
        record: Dict[str, Any] = {
            "id": self.id,
            "source": self.meta.get("source", self.meta.get("draws_on", "")),
            "text": self.text,
            "spans": [
                {"start": s.start, "end": s.end, "label": s.label, "text": self.text[s.start : s.end]}
                for s in self.spans
            ],
            "relations": [{"head": r.head, "child": r.child, "label": r.label} for r in self.relations],
        }
        if self.meta:
            record["meta"] = dict(self.meta)
        if self.sentences is not None:
            record["sentences"] = [list(s) for s in self.sentences]
        return record
