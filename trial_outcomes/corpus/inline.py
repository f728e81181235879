"""The corpus source format: one document per ``.ann`` file, annotated inline.

::

    # id: tulip2-results-01
    # trial: TULIP-2
    # style: results_paragraph
    # ...more "# key: value" metadata lines
    In TULIP-2, [[anifrolumab|DRUG#a1]] [[300 mg|DOSE#d1]] raised ...
    One sentence per line; a blank line starts a new paragraph.
    ---
    d1 DOSE_OF a1

A span is ``[[surface|LABEL]]`` or ``[[surface|LABEL#id]]``; relation lines name
span ids as ``HEAD LABEL CHILD``. Lines of a paragraph are joined with one space
and paragraphs with a newline, so each line is a gold sentence and relations can
be checked to stay inside one. A file whose metadata says ``sentence_lines: no``
keeps its lines exactly as written, joined by newlines (used for imported text
whose whitespace must survive), and carries no sentence boundaries.
"""
import re
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from ..schema import ENTITY_LABELS, RELATION_SIGNATURES
from .model import AnnotatedDoc, CorpusError, RelationAnnotation, SpanAnnotation

REQUIRED_META = ("id", "trial", "domain", "disease", "style", "figures", "draws_on")
STYLES = (
    "conference_abstract",
    "structured_abstract",
    "unstructured_abstract",
    "results_paragraph",
    "plain_language_summary",
    "methods_or_background",
    "imported",
)
FIGURES = ("recalled", "varied", "invented", "none", "published")
DOMAINS = ("lupus", "other")

# ``[[`` not followed by a third ``[`` (so ``[[[12.7|...`` opens at the second one)
_SPAN = re.compile(r"\[\[(?!\[)(?P<surface>(?:(?!\[\[|\]\]|\|).)+?)\|(?P<label>[A-Za-z_]+)(?:#(?P<id>[A-Za-z0-9_\-]+))?\]\]")
_META = re.compile(r"^#\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
RELATION_SEPARATOR = "---"


def read_ann_file(path: Path) -> AnnotatedDoc:
    """Parse one ``.ann`` file; raise :class:`CorpusError` listing every problem found."""
    try:
        content = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(str(path), None, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    return parse_ann(content, str(path))


def parse_ann(content: str, path: str = "<string>") -> AnnotatedDoc:
    errors: List[CorpusError] = []
    lines = content.split("\n")
    meta: Dict[str, str] = {}
    index = 0
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith("#")):
        match = _META.match(lines[index].strip())
        if match:
            key = match.group("key").lower()
            if key in meta:
                errors.append(CorpusError(path, index + 1, f"metadata key {key!r} given twice"))
            meta[key] = match.group("value").strip()
        elif lines[index].strip():
            errors.append(CorpusError(path, index + 1, "metadata line is not '# key: value'"))
        index += 1
    body_start = index
    separator = next(
        (i for i in range(body_start, len(lines)) if lines[i].strip() == RELATION_SEPARATOR), len(lines)
    )
    errors.extend(_check_meta(meta, path))
    keep_lines = meta.get("sentence_lines", "yes").lower() == "no"
    text, spans, span_lines, ids, sentences = _parse_body(
        lines[body_start:separator], body_start + 1, path, keep_lines, errors
    )
    relations = _parse_relations(lines[separator + 1 :], separator + 2, path, spans, span_lines, ids, keep_lines, errors)
    if not text.strip():
        errors.append(CorpusError(path, body_start + 1, "document has no text"))
    if errors:
        raise CorpusErrors(errors)
    return AnnotatedDoc(
        id=meta["id"],
        text=text,
        spans=spans,
        relations=relations,
        meta=meta,
        sentences=None if keep_lines else sentences,
        path=path,
        line=1,
        span_lines=span_lines,
    )


class CorpusErrors(CorpusError):
    """Several problems found in one file; ``errors`` holds each."""

    def __init__(self, errors: List[CorpusError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return self.args[0]


def _check_meta(meta: Dict[str, str], path: str) -> List[CorpusError]:
    errors = [CorpusError(path, 1, f"missing metadata '# {key}: ...'") for key in REQUIRED_META if not meta.get(key)]
    for key, allowed in (("style", STYLES), ("figures", FIGURES), ("domain", DOMAINS)):
        if meta.get(key) and meta[key] not in allowed:
            errors.append(CorpusError(path, 1, f"metadata {key}={meta[key]!r} is not one of {', '.join(allowed)}"))
    return errors


def _parse_body(
    lines: List[str], first_line: int, path: str, keep_lines: bool, errors: List[CorpusError]
) -> Tuple[str, List[SpanAnnotation], List[int], Dict[str, int], List[Tuple[int, int]]]:
    pieces: List[str] = []
    length = 0
    spans: List[SpanAnnotation] = []
    span_lines: List[int] = []
    ids: Dict[str, int] = {}
    sentences: List[Tuple[int, int]] = []
    previous_blank = True
    if not keep_lines:
        while lines and not lines[-1].strip():
            lines = lines[:-1]
    for offset, raw in enumerate(lines):
        line_no = first_line + offset
        line = raw if keep_lines else raw.strip()
        if keep_lines:
            if offset:
                pieces.append("\n")
                length += 1
        elif not line:
            previous_blank = True
            continue
        elif pieces:
            joiner = "\n" if previous_blank else " "
            pieces.append(joiner)
            length += 1
        previous_blank = False
        sentence_start = length
        position = 0
        for match in _SPAN.finditer(line):
            plain = line[position : match.start()]
            pieces.append(plain)
            length += len(plain)
            surface, label, span_id = match.group("surface"), match.group("label"), match.group("id")
            if label not in ENTITY_LABELS:
                errors.append(CorpusError(path, line_no, f"label {label!r} on {surface!r} is not in the schema ({', '.join(ENTITY_LABELS)})"))
            if surface != surface.strip():
                errors.append(CorpusError(path, line_no, f"span {surface!r} starts or ends with whitespace"))
            if span_id is not None:
                if span_id in ids:
                    errors.append(CorpusError(path, line_no, f"span id {span_id!r} is used twice"))
                ids[span_id] = len(spans)
            spans.append(SpanAnnotation(length, length + len(surface), label))
            span_lines.append(line_no)
            pieces.append(surface)
            length += len(surface)
            position = match.end()
        rest = line[position:]
        pieces.append(rest)
        length += len(rest)
        sentence_text = "".join(pieces)[sentence_start:]
        for marker in ("[[", "]]"):
            if marker in sentence_text:
                column = sentence_text.index(marker)
                errors.append(CorpusError(path, line_no, f"unbalanced or malformed span markup near {sentence_text[max(0, column - 20):column + 30]!r}"))
                break
        sentences.append((sentence_start, length))
    return "".join(pieces), spans, span_lines, ids, sentences


def _parse_relations(
    lines: List[str],
    first_line: int,
    path: str,
    spans: List[SpanAnnotation],
    span_lines: List[int],
    ids: Dict[str, int],
    keep_lines: bool,
    errors: List[CorpusError],
) -> List[RelationAnnotation]:
    relations: List[RelationAnnotation] = []
    seen = set()
    for offset, raw in enumerate(lines):
        line_no = first_line + offset
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3:
            errors.append(CorpusError(path, line_no, f"relation line {raw.strip()!r} is not 'HEAD LABEL CHILD'"))
            continue
        head_id, label, child_id = parts
        if label not in RELATION_SIGNATURES:
            errors.append(CorpusError(path, line_no, f"relation label {label!r} is not in the schema ({', '.join(RELATION_SIGNATURES)})"))
            continue
        missing = [x for x in (head_id, child_id) if x not in ids]
        if missing:
            errors.append(CorpusError(path, line_no, f"relation names span id(s) {', '.join(missing)} that no span carries"))
            continue
        head, child = ids[head_id], ids[child_id]
        signature = (spans[head].label, spans[child].label)
        if signature not in RELATION_SIGNATURES[label]:
            allowed = " or ".join(f"{h}->{c}" for h, c in sorted(RELATION_SIGNATURES[label]))
            errors.append(CorpusError(path, line_no, f"{label} must join {allowed}, not {head_id}={signature[0]} -> {child_id}={signature[1]}"))
            continue
        if head == child:
            errors.append(CorpusError(path, line_no, f"relation joins span {head_id} to itself"))
            continue
        if not keep_lines and span_lines[head] != span_lines[child]:
            errors.append(CorpusError(path, line_no, f"{head_id} (line {span_lines[head]}) and {child_id} (line {span_lines[child]}) are in different sentences; relations stay within one"))
            continue
        key = (head, child, label)
        if key in seen:
            errors.append(CorpusError(path, line_no, f"relation {head_id} {label} {child_id} is given twice"))
            continue
        seen.add(key)
        relations.append(RelationAnnotation(head, child, label))
    return relations


def iter_ann_files(paths: Iterable[Path]) -> Iterable[Path]:
    """Every ``.ann`` file under the given files or directories, in a stable order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.ann") if p.is_file())
        else:
            yield path


def format_ann(doc: AnnotatedDoc) -> str:
    """Write a document back in the inline form (the inverse of :func:`parse_ann`).

    A document with sentence boundaries gets one sentence per line; one without
    them keeps its text byte for byte under ``sentence_lines: no``.
    """
    meta = {"id": doc.id, **{k: v for k, v in doc.meta.items() if k not in ("id", "sentence_lines")}}
    order = sorted(range(len(doc.spans)), key=lambda i: doc.spans[i].start)
    related = {r.head for r in doc.relations} | {r.child for r in doc.relations}
    names = {i: f"{doc.spans[i].label[0].lower()}{n + 1}" for n, i in enumerate(order) if i in related}

    def markup(start: int, end: int) -> str:
        out, position = [], start
        for i in order:
            span = doc.spans[i]
            if span.start >= start and span.end <= end:
                out.append(doc.text[position : span.start])
                suffix = f"#{names[i]}" if i in names else ""
                out.append(f"[[{doc.text[span.start:span.end]}|{span.label}{suffix}]]")
                position = span.end
        out.append(doc.text[position:end])
        return "".join(out)

    if doc.sentences is None:
        meta["sentence_lines"] = "no"
        body = markup(0, len(doc.text))
    else:
        lines: List[str] = []
        for start, end in doc.sentences:
            if start and doc.text[start - 1] == "\n":
                lines.append("")
            lines.append(markup(start, end))
        body = "\n".join(lines)
    header = "".join(f"# {key}: {value}\n" for key, value in meta.items())
    relations = "".join(f"{names[r.head]} {r.label} {names[r.child]}\n" for r in doc.relations)
    return f"{header}{body}\n{RELATION_SEPARATOR}\n{relations}"
