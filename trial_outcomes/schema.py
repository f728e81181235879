"""The annotation contract of ``../shared/spec/annotation-schema.md`` in code.

Everything that checks, trains on or scores annotations reads the labels and the
allowed relation signatures from here, so the schema is stated once.
"""
from typing import Dict, FrozenSet, Tuple

ENTITY_LABELS: Tuple[str, ...] = ("DRUG", "DOSE", "ENDPOINT", "POPULATION", "STATISTIC")

# relation label -> allowed (head label, child label) pairs
RELATION_SIGNATURES: Dict[str, FrozenSet[Tuple[str, str]]] = {
    "MEASURES": frozenset({("STATISTIC", "ENDPOINT")}),
    "ARM": frozenset({("STATISTIC", "DRUG"), ("STATISTIC", "DOSE")}),
    "IN_GROUP": frozenset({("STATISTIC", "POPULATION")}),
    "DOSE_OF": frozenset({("DOSE", "DRUG")}),
}
RELATION_LABELS: Tuple[str, ...] = tuple(RELATION_SIGNATURES)

STATISTIC_KINDS: Tuple[str, ...] = (
    "percent",
    "count",
    "fraction",
    "mean_sd",
    "median_iqr",
    "p_value",
    "ci",
    "ratio",
    "difference",
    "other",
)


def relation_labels_for(head_label: str, child_label: str) -> Tuple[str, ...]:
    """The relation labels the schema allows from a head of one label to a child of another."""
    return tuple(
        rel for rel, pairs in RELATION_SIGNATURES.items() if (head_label, child_label) in pairs
    )

