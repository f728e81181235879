"""The corpus in the repository is valid, split by trial and of abstract length."""
import pytest

from trial_outcomes.corpus.build import load_corpus, validate
from trial_outcomes.corpus.splits import read_splits

from .conftest import PROJECT

DOCS = PROJECT / "corpus" / "docs"
SPLITS = PROJECT / "corpus" / "splits.tsv"


@pytest.fixture(scope="module")
def corpus():
    docs, errors = load_corpus(DOCS)
    return docs, errors


def test_every_document_is_valid_and_assigned(corpus, nlp):
    docs, errors = corpus
    assert docs, "the corpus is empty"
    errors += validate(nlp, docs, read_splits(SPLITS), SPLITS)
    assert not errors, "\n".join(map(str, errors[:20]))


def test_documents_are_abstract_length(corpus):
    docs, _ = corpus
    outside = [(d.id, len(d.text.split())) for d in docs if not 100 <= len(d.text.split()) <= 350]
    assert not outside


def test_provenance_is_recorded(corpus):
    docs, _ = corpus
    assert all(d.meta.get("draws_on") and d.meta.get("figures") for d in docs)
