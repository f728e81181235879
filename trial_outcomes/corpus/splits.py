"""Train/dev/test splits by trial, recorded in ``corpus/splits.tsv``.

Every document of a trial lands in the same split, so no trial's wording or figures
leak from training into evaluation. New trials are assigned once, deterministically,
and appended; existing assignments never move.
"""
import hashlib
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from .model import AnnotatedDoc, CorpusError

SPLITS = ("train", "dev", "test")
TARGET_SHARE = {"train": 0.70, "dev": 0.15, "test": 0.15}


def read_splits(path: Path) -> Dict[str, str]:
    assignments: Dict[str, str] = {}
    if not Path(path).exists():
        return assignments
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in SPLITS:
            raise CorpusError(str(path), line_no, f"expected 'TRIAL<TAB>{'|'.join(SPLITS)}', got {line!r}")
        if parts[0] in assignments:
            raise CorpusError(str(path), line_no, f"trial {parts[0]!r} is assigned twice")
        assignments[parts[0]] = parts[1]
    return assignments


def _stable_order(trial: str) -> str:
    return hashlib.sha1(trial.encode("utf-8")).hexdigest()


def assign_new_trials(docs: Iterable[AnnotatedDoc], assignments: Dict[str, str]) -> List[Tuple[str, str]]:
    """Assign each unlisted trial to the split furthest below its share of documents, per domain."""
    docs = list(docs)
    per_trial = Counter(d.meta["trial"] for d in docs)
    domain_of = {d.meta["trial"]: d.meta.get("domain", "") for d in docs}
    new: List[Tuple[str, str]] = []
    for domain in sorted(set(domain_of.values())):
        counts = Counter({split: 0 for split in SPLITS})
        for trial, split in assignments.items():
            if domain_of.get(trial) == domain:
                counts[split] += per_trial[trial]
        pending = sorted((t for t in per_trial if domain_of[t] == domain and t not in assignments), key=_stable_order)
        for trial in pending:
            total = sum(counts.values()) + per_trial[trial]
            split = min(SPLITS, key=lambda s: (counts[s] + per_trial[trial]) / total - TARGET_SHARE[s])
            counts[split] += per_trial[trial]
            assignments[trial] = split
            new.append((trial, split))
    return new


def append_splits(path: Path, new: List[Tuple[str, str]]) -> None:
    path = Path(path)
    header = "" if path.exists() else "# trial\tsplit  (written by `python -m trial_outcomes.corpus assign-splits`; never move a trial)\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(header + "".join(f"{trial}\t{split}\n" for trial, split in new))
