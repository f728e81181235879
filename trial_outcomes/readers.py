"""Readers: ``trial_outcomes.Corpus.v1`` for annotated text, ``trial_outcomes.RawText.v1`` for raw text.

``trial_outcomes.Corpus.v1`` is one reader for the project's splits and ``../shared/eval/``.

It reads a ``.spacy`` file (as written by the corpus step), a ``.jsonl`` file in the
eval form, or a directory of ``.ann`` files, and yields ``Example``s whose predicted
side is tokenized by the pipeline being trained. ``fraction`` keeps a nested,
seeded subset of documents (the learning curve's 25/50/75/100%).
"""
import math
import random
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

from .corpus.convert import to_doc
from .corpus.inline import iter_ann_files, read_ann_file
from .corpus.jsonl import json_records, open_text, read_jsonl


def read_reference_docs(path: Path, nlp: Language) -> List[Doc]:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus not found: {path}")
    if path.is_dir():
        return [to_doc(nlp, read_ann_file(p)) for p in iter_ann_files([path])]
    if path.suffix == ".spacy":
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        return [to_doc(nlp, d) for d in read_jsonl(path)]
    raise ValueError(f"{path}: expected a .spacy or .jsonl file or a directory of .ann files")


def subset(docs: List[Doc], fraction: float, seed: int) -> List[Doc]:
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    if fraction == 1.0:
        return docs
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    keep = sorted(order[: math.ceil(fraction * len(docs))])
    return [docs[i] for i in keep]


@registry.readers("trial_outcomes.Corpus.v1")
def create_corpus_reader(path: Path, fraction: float = 1.0, seed: int = 0) -> Callable[[Language], Iterable[Example]]:
    def read(nlp: Language) -> Iterator[Example]:
        for reference in subset(read_reference_docs(path, nlp), fraction, seed):
            yield Example(nlp.make_doc(reference.text), reference)

    return read


@registry.readers("trial_outcomes.RawText.v1")
def create_raw_text_reader(path: Optional[Path], min_length: int = 5, max_length: int = 2000, limit: int = 0) -> Callable[[Language], Iterable[Example]]:
    """Unannotated documents for ``spacy pretrain``: the ``text`` field of a JSONL(.gz) file.

    Documents are cut into paragraphs; paragraphs outside ``min_length``..``max_length``
    tokens are skipped (``max_length=0`` keeps all). ``limit`` caps the number of
    paragraphs (0: no cap). A record without text is an error naming file and line.
    """

    def read(nlp: Language) -> Iterator[Example]:
        if path is None:  # `spacy train` resolves every corpus, so only reading may fail
            raise ValueError("no raw text to read: set --paths.raw_text to a JSONL(.gz) file")
        n_yielded = 0
        with open_text(Path(path)) as lines:
            for line_no, record in json_records(lines, str(path)):
                text = record.get("text") if isinstance(record, dict) else None
                if not isinstance(text, str):
                    raise ValueError(f"{path}:{line_no}: record has no 'text' string")
                for paragraph in text.split("\n"):
                    doc = nlp.make_doc(paragraph)
                    if len(doc) < min_length or (max_length and len(doc) > max_length):
                        continue
                    yield Example(doc, doc)
                    n_yielded += 1
                    if limit and n_yielded >= limit:
                        return

    return read
