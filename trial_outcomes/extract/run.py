"""Stream documents through the pipeline and write outcome records, locally or on Dask.

Output goes to a hidden temporary file beside OUT and is moved into place only when
the run completes, so an interrupted run never leaves a file that looks complete.
"""
import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import spacy
from spacy.language import Language

from .inputs import Document, Skipped, read_items
from .records import CSV_COLUMNS, document_record, outcome_rows

FORMATS = (".jsonl", ".csv")


@dataclass
class Summary:
    documents: int = 0
    outcomes: int = 0
    skipped: List[Skipped] = field(default_factory=list)


def output_format(out: Path) -> str:
    if out.suffix not in FORMATS:
        raise ValueError(f"{out}: the output must end in {' or '.join(FORMATS)}")
    return out.suffix


def serialize(record: Dict, fmt: str) -> str:
    if fmt == ".jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writerows(outcome_rows(record))
    return buffer.getvalue()


def csv_header() -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n").writeheader()
    return buffer.getvalue()


class AtomicOutput:
    """A file written under a temporary name and renamed onto OUT by :meth:`commit`."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.format = output_format(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{self.out.name}.", suffix=".partial", dir=self.out.parent)
        self.path = Path(name)
        self.handle = os.fdopen(handle, "w", encoding="utf-8", newline="")
        if self.format == ".csv":
            self.handle.write(csv_header())

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.path, 0o666 & ~umask)  # mkstemp creates 0600; give OUT a normal file's mode
        os.replace(self.path, self.out)

    def abort(self) -> None:
        self.handle.close()
        self.path.unlink(missing_ok=True)


def _documents(source: str, summary: Summary, on_skip: Callable[[Skipped], None]) -> Iterator[Tuple[str, str]]:
    for item in read_items(source):
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            on_skip(item)
        else:
            yield item.text, item.id


def extract_local(
    nlp: Language,
    source: str,
    out: Path,
    n_process: int = 1,
    batch_size: int = 32,
    on_document: Callable[[], None] = lambda: None,
    on_skip: Callable[[Skipped], None] = lambda s: None,
) -> Summary:
    summary = Summary()
    output = AtomicOutput(out)
    try:
        for doc, doc_id in nlp.pipe(_documents(source, summary, on_skip), as_tuples=True, n_process=n_process, batch_size=batch_size):
            record = document_record(doc_id, doc)
            output.write(serialize(record, output.format))
            summary.documents += 1
            summary.outcomes += len(record["outcomes"])
            on_document()
    except BaseException:
        output.abort()
        raise
    output.commit()
    return summary


# --- Dask -----------------------------------------------------------------------

_PIPELINES: Dict[str, Language] = {}


def _pipeline(model: str) -> Language:
    """Each worker process loads the pipeline once and keeps it."""
    if model not in _PIPELINES:
        _PIPELINES[model] = spacy.load(model)
    return _PIPELINES[model]


def process_partition(model: str, documents: List[Tuple[str, str]], part_path: str, fmt: str, batch_size: int) -> Tuple[int, int]:
    nlp = _pipeline(model)
    n_outcomes = 0
    with open(part_path, "w", encoding="utf-8", newline="") as handle:
        for doc, doc_id in nlp.pipe(documents, as_tuples=True, batch_size=batch_size):
            record = document_record(doc_id, doc)
            n_outcomes += len(record["outcomes"])
            handle.write(serialize(record, fmt))
    return len(documents), n_outcomes


def extract_dask(
    model: str,
    source: str,
    out: Path,
    scheduler: Optional[str] = None,
    n_workers: int = 2,
    partition_size: int = 200,
    batch_size: int = 32,
    on_documents: Callable[[int], None] = lambda n: None,
    on_skip: Callable[[Skipped], None] = lambda s: None,
) -> Summary:
    """Partitions of ``partition_size`` documents go to the workers; their outputs are merged in order.

    With no scheduler address a local cluster of ``n_workers`` processes is started.
    Workers write partition files next to OUT, so on a real cluster OUT must be on a
    filesystem the workers share.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    summary = Summary()
    output = AtomicOutput(out)
    parts_dir = Path(tempfile.mkdtemp(prefix=f".{out.name}.parts-", dir=output.out.parent))
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        model_path = str(Path(model).resolve()) if Path(model).exists() else model
        documents = _documents(source, summary, on_skip)
        parts = []
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        pending = as_completed()
        index = 0
        while True:
            chunk = list(islice(documents, partition_size))
            if chunk:
                part = parts_dir / f"part-{index:06d}{output.format}"
                parts.append(part)
                future = client.submit(process_partition, model_path, chunk, str(part), output.format, batch_size, pure=False)
                pending.add(future)
                index += 1
            # keep at most `window` partitions in flight, so memory stays flat
            while pending.count() >= (window if chunk else 1):
                done = next(pending)
                n_docs, n_outcomes = done.result()
                summary.documents += n_docs
                summary.outcomes += n_outcomes
                on_documents(n_docs)
            if not chunk and not pending.count():
                break
        for part in parts:
            with part.open(encoding="utf-8") as handle:
                shutil.copyfileobj(handle, output.handle)
        client.close()
    except BaseException:
        output.abort()
        raise
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(parts_dir, ignore_errors=True)
    output.commit()
    return summary
