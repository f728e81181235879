"""The character-offset JSONL form of ``../shared/eval/`` (read and written).

One document per line: ``{"id", "text", "spans": [{"start", "end", "label"}],
"relations": [{"head", "child", "label"}]}`` with ``head``/``child`` indexing
``spans``. Every problem is reported as ``FILE:LINE: message``.
"""
import gzip
import json
from pathlib import Path
from typing import Any, Iterable, Iterator, List, Tuple

from ..schema import ENTITY_LABELS, RELATION_SIGNATURES
from .model import AnnotatedDoc, CorpusError, RelationAnnotation, SpanAnnotation


def open_text(path: Path):
    path = Path(path)
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def json_records(lines: Iterable[str], path: str) -> Iterator[Tuple[int, Any]]:
    """(line number, parsed record) per non-empty line; :class:`CorpusError` at a line that is not JSON."""
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(path, line_no, f"not valid JSON ({err.msg})") from None


def read_jsonl(path: Path) -> Iterator[AnnotatedDoc]:
    """Yield each valid document; raise :class:`CorpusError` at the first bad line."""
    with open_text(path) as handle:
        for line_no, record in json_records(handle, str(path)):
            yield record_to_doc(record, str(path), line_no)


def record_to_doc(record: dict, path: str, line: int) -> AnnotatedDoc:
    def fail(message: str) -> CorpusError:
        return CorpusError(path, line, message)

    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise fail("record has no 'text' string")
    text = record["text"]
    doc_id = str(record.get("id", f"{Path(path).stem}-{line}"))
    spans: List[SpanAnnotation] = []
    for i, raw in enumerate(record.get("spans") or []):
        try:
            start, end, label = int(raw["start"]), int(raw["end"]), str(raw["label"])
        except (KeyError, TypeError, ValueError):
            raise fail(f"span {i} needs integer 'start', 'end' and a 'label'") from None
        if not 0 <= start < end <= len(text):
            raise fail(f"span {i} [{start}, {end}) lies outside the text (length {len(text)})")
        if label not in ENTITY_LABELS:
            raise fail(f"span {i} label {label!r} is not in the schema ({', '.join(ENTITY_LABELS)})")
        if "text" in raw and raw["text"] != text[start:end]:
            raise fail(f"span {i} text {raw['text']!r} differs from the text at its offsets {text[start:end]!r}")
        spans.append(SpanAnnotation(start, end, label))
    ordered = sorted(range(len(spans)), key=lambda k: spans[k].start)
    for a, b in zip(ordered, ordered[1:]):
        if spans[b].start < spans[a].end:
            raise fail(f"spans {a} {text[spans[a].start:spans[a].end]!r} and {b} {text[spans[b].start:spans[b].end]!r} overlap")
    relations: List[RelationAnnotation] = []
    for i, raw in enumerate(record.get("relations") or []):
        try:
            head, child, label = int(raw["head"]), int(raw["child"]), str(raw["label"])
        except (KeyError, TypeError, ValueError):
            raise fail(f"relation {i} needs integer 'head', 'child' and a 'label'") from None
        if label not in RELATION_SIGNATURES:
            raise fail(f"relation {i} label {label!r} is not in the schema")
        if not (0 <= head < len(spans) and 0 <= child < len(spans)):
            raise fail(f"relation {i} points to a missing span ({head} -> {child}; {len(spans)} spans)")
        if (spans[head].label, spans[child].label) not in RELATION_SIGNATURES[label]:
            raise fail(f"relation {i} {label} cannot join {spans[head].label} -> {spans[child].label}")
        relations.append(RelationAnnotation(head, child, label))
    sentences = record.get("sentences")
    return AnnotatedDoc(
        id=doc_id,
        text=text,
        spans=spans,
        relations=relations,
        meta=dict(record.get("meta") or {}, **({"source": record["source"]} if record.get("source") else {})),
        sentences=[(int(s), int(e)) for s, e in sentences] if sentences else None,
        path=path,
        line=line,
    )


def write_jsonl(docs: Iterable[AnnotatedDoc], path: Path) -> int:
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc.to_jsonl_record(), ensure_ascii=False) + "\n")
            count += 1
    return count
