"""Validate the whole corpus and write the ``.spacy`` and ``.jsonl`` splits.

Nothing is written unless every document is valid: a corpus with one bad file
would otherwise train on a silently smaller set.
"""
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

from spacy.language import Language
from spacy.tokens import DocBin

from .convert import to_doc, unreachable_boundaries
from .inline import iter_ann_files, read_ann_file
from .jsonl import write_jsonl
from .model import AnnotatedDoc, CorpusError
from .splits import SPLITS, read_splits


def load_corpus(docs_dir: Path) -> Tuple[List[AnnotatedDoc], List[CorpusError]]:
    docs, errors = [], []
    seen: Dict[str, str] = {}
    for path in iter_ann_files([docs_dir]):
        try:
            doc = read_ann_file(path)
        except CorpusError as err:
            errors.extend(getattr(err, "errors", [err]))
            continue
        if doc.id in seen:
            errors.append(CorpusError(str(path), 1, f"document id {doc.id!r} is also used by {seen[doc.id]}"))
            continue
        seen[doc.id] = str(path)
        docs.append(doc)
    return docs, errors


def validate(nlp: Language, docs: List[AnnotatedDoc], splits: Dict[str, str], splits_path: Path) -> List[CorpusError]:
    errors: List[CorpusError] = []
    for doc in docs:
        errors.extend(unreachable_boundaries(nlp.make_doc(doc.text), doc))
        if doc.meta["trial"] not in splits:
            errors.append(
                CorpusError(
                    doc.path, 1,
                    f"trial {doc.meta['trial']!r} has no split in {splits_path}; "
                    "run `python -m trial_outcomes.corpus assign-splits` to assign new trials",
                )
            )
    return errors


def write_splits(nlp: Language, docs: List[AnnotatedDoc], splits: Dict[str, str], out_dir: Path) -> Dict[str, int]:
    by_split: Dict[str, List[AnnotatedDoc]] = defaultdict(list)
    for doc in docs:
        by_split[splits[doc.meta["trial"]]].append(doc)
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".corpus-", dir=out_dir.parent))
    try:
        for split in SPLITS:
            members = sorted(by_split[split], key=lambda d: d.id)
            DocBin(docs=[to_doc(nlp, d) for d in members], store_user_data=True).to_disk(staging / f"{split}.spacy")
            write_jsonl(members, staging / f"{split}.jsonl")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return {split: len(by_split[split]) for split in SPLITS}

