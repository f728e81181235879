"""Read documents to extract from: .txt files, directories of them, JSONL(.gz), standard input.

Each source yields :class:`Document` items or :class:`Skipped` items; nothing bad in
the input stops the run or disappears without a trace. Standard input (``-``) is read
as JSON lines when its first character is ``{``, else as one plain-text document.
"""
import gzip
import json
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Iterator, List, Union


@dataclass(frozen=True)
class Document:
    id: str
    text: str


@dataclass(frozen=True)
class Skipped:
    source: str
    line: Union[int, None]
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: skipped: {self.reason}"


Item = Union[Document, Skipped]


def _decode(data: bytes, source: str) -> Union[str, Skipped]:
    if b"\x00" in data[:8192]:
        return Skipped(source, None, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return Skipped(source, None, f"not UTF-8 text (byte {err.start})")


def _text_file(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(str(path), None, f"cannot read ({err.strerror})")
        return
    text = _decode(data, str(path))
    yield text if isinstance(text, Skipped) else Document(path.stem, text)


def _json_lines(handle: IO[bytes], source: str) -> Iterator[Item]:
    line_no = 0
    try:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as err:
                yield Skipped(source, line_no, f"not UTF-8 text (byte {err.start})")
                continue
            except json.JSONDecodeError as err:
                yield Skipped(source, line_no, f"not valid JSON ({err.msg})")
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str):
                yield Skipped(source, line_no, "record has no 'text' string")
                continue
            yield Document(str(record.get("id", f"{Path(source).name}:{line_no}")), text)
    except (OSError, EOFError) as err:  # truncated or corrupt .gz
        yield Skipped(source, line_no + 1, f"cannot read further ({err})")


def _jsonl_file(path: Path) -> Iterator[Item]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            yield from _json_lines(handle, str(path))
    except OSError as err:
        yield Skipped(str(path), None, f"cannot read ({err.strerror or err})")


def _stdin() -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    if data.lstrip().startswith(b"{"):
        yield from _json_lines(BytesIO(data), "<stdin>")
        return
    text = _decode(data, "<stdin>")
    yield text if isinstance(text, Skipped) else Document("stdin", text)


def is_jsonl(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz", ".json.gz", ".ndjson"))


def expand(source: str) -> List[str]:
    """The files a source names, in a stable order ("-" stays as is)."""
    if source == "-":
        return ["-"]
    path = Path(source)
    if path.is_dir():
        return [str(p) for p in sorted(path.rglob("*.txt"))]
    return [str(path)]


def read_items(source: str) -> Iterator[Item]:
    for name in expand(source):
        if name == "-":
            yield from _stdin()
            continue
        path = Path(name)
        if not path.exists():
            yield Skipped(name, None, "no such file")
        elif is_jsonl(path):
            yield from _jsonl_file(path)
        else:
            yield from _text_file(path)


def count_documents(source: str) -> Union[int, None]:
    """How many documents a source holds, for the progress bar's ETA (None for stdin)."""
    if source == "-":
        return None
    total = 0
    for name in expand(source):
        path = Path(name)
        if is_jsonl(path):
            opener = gzip.open if path.suffix == ".gz" else open
            try:
                with opener(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError):
                return None
        else:
            total += 1
    return total
