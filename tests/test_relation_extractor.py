import json
import subprocess
import sys

import pytest
import srsly
from spacy.tokens import DocBin
from spacy.util import fix_random_seed
from spacy.training import Example

from trial_outcomes.corpus import parse_ann
from trial_outcomes.corpus.convert import to_doc
from trial_outcomes.relations.candidates import all_pair_candidates, schema_candidates

from .conftest import WORKED

LISTENER_MODEL = {
    "@architectures": "trial_outcomes.RelationModel.v1",
    "pair_encoder": {
        "@architectures": "trial_outcomes.PairEncoder.v1",
        "use_context": True,
        "use_pair_features": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"},
    },
    "classifier": {"@architectures": "trial_outcomes.PairClassifier.v1", "hidden_width": 32, "dropout": 0.0},
}


def build(nlp, training_entities="gold", with_ner=True):
    nlp.add_pipe("tok2vec")
    if with_ner:
        nlp.add_pipe("ner")
    return nlp.add_pipe(
        "trial_outcomes_relation_extractor",
        name="relation_extractor",
        config={"model": LISTENER_MODEL, "training_entities": training_entities},
    )


def examples(nlp):
    reference = to_doc(nlp, parse_ann(WORKED))
    return [Example(nlp.make_doc(reference.text), reference)]


def train(nlp, egs, steps=60, annotates=("trial_outcomes_sentences",)):
    fix_random_seed(0)
    optimizer = nlp.initialize(lambda: egs)
    for _ in range(steps):
        nlp.update(egs, sgd=optimizer, annotates=list(annotates))
    return nlp


@pytest.fixture(scope="module")
def trained():
    from trial_outcomes.tokenizer import blank_pipeline

    nlp = blank_pipeline()
    nlp.add_pipe("trial_outcomes_sentences")
    build(nlp)
    egs = examples(nlp)
    return train(nlp, egs), egs


def test_learns_the_worked_example(trained):
    nlp, egs = trained
    scores = nlp.evaluate(egs)
    assert scores["ents_f"] == 1.0
    assert scores["rel_micro_f"] == 1.0


def test_candidates_follow_the_schema_and_stay_in_one_sentence(nlp):
    doc = to_doc(nlp, parse_ann(WORKED))
    nlp.get_pipe("trial_outcomes_sentences")(doc)
    labels = ("MEASURES", "ARM", "IN_GROUP", "DOSE_OF")
    pairs = schema_candidates(max_tokens=60)(doc, list(doc.ents), labels)
    for h, c in pairs.pairs:
        head, child = pairs.spans[h], pairs.spans[c]
        assert head.sent == child.sent
        assert head.label_ in ("STATISTIC", "DOSE")
    every = all_pair_candidates(max_tokens=100)(doc, list(doc.ents), labels)
    assert len(every) > len(pairs)


def test_a_window_below_one_is_an_error_not_a_silent_no_op():
    with pytest.raises(ValueError, match="max_tokens"):
        schema_candidates(max_tokens=0)


def test_pipe_on_docs_without_entities(trained):
    nlp, _ = trained
    # the NER is switched off so that no doc in the batch has an entity, whatever it learned
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(["", "   ", "No numbers or drugs here at all.", "Plain words."]))
    assert all(d._.relations == [] for d in docs)


def test_relations_survive_docbin_json_and_retokenization(trained):
    nlp, egs = trained
    doc = nlp(egs[0].reference.text)
    relations = [(r.head.text, r.label, r.child.text) for r in doc._.relations]
    assert relations
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert [(r.head.text, r.label, r.child.text) for r in restored._.relations] == relations
    data = doc.to_json(underscore=["relation_data"])
    assert json.loads(json.dumps(data))["_"]["relation_data"]
    assert json.loads(srsly.json_dumps(doc.to_json(underscore=["relations"])["_"]["relations"]))[0]["head"]["text"]
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[3:5])  # "achieved higher": shifts every later token index
    assert sorted((r.head.text, r.label, r.child.text) for r in doc._.relations) == sorted(relations)


def test_thresholds_are_saved_with_the_pipeline(trained, tmp_path):
    nlp, egs = trained
    nlp.get_pipe("relation_extractor").set_thresholds({"ARM": 0.3})
    nlp.to_disk(tmp_path / "model")
    import spacy

    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("relation_extractor").thresholds["ARM"] == pytest.approx(0.3)
    nlp.get_pipe("relation_extractor").set_thresholds({"ARM": 0.5})


def test_multiprocess_pipe(trained, tmp_path):
    nlp, egs = trained
    nlp.to_disk(tmp_path / "model")
    code = (
        "import spacy, sys\n"
        f"nlp = spacy.load({str(tmp_path / 'model')!r})\n"
        f"texts = [{egs[0].reference.text!r}] * 6\n"
        "docs = list(nlp.pipe(texts, n_process=2, batch_size=2))\n"
        "print(len(docs), len(docs[0]._.relations), len(docs[0]._.outcomes))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    n_docs, n_rel, _ = map(int, out.stdout.split())
    assert n_docs == 6 and n_rel > 0


def test_trains_behind_its_own_ner_without_copying_gold_entities(nlp):
    build(nlp, training_entities="predicted")
    egs = examples(nlp)
    train(nlp, egs, steps=80, annotates=("trial_outcomes_sentences", "ner"))
    # the predicted docs carry only what the NER predicted: no gold entity was copied onto them
    assert nlp.evaluate(egs)["rel_micro_f"] > 0.5


def test_union_mode_trains(nlp):
    build(nlp, training_entities="union")
    egs = examples(nlp)
    train(nlp, egs, steps=10, annotates=("trial_outcomes_sentences", "ner"))


def test_bad_settings_are_refused(nlp):
    with pytest.raises(ValueError, match="training_entities"):
        build(nlp, training_entities="copied")


def test_pair_vector_holds_context_labels_and_distance_unless_switched_off():
    from trial_outcomes.relations.candidates import N_PAIR_FEATURES
    from trial_outcomes.relations.model import build_pair_encoder
    from spacy.ml.models import build_hash_embed_cnn_tok2vec

    def width_of(use_context, use_pair_features):
        tok2vec = build_hash_embed_cnn_tok2vec(
            width=16, depth=1, embed_size=100, window_size=1, maxout_pieces=2, subword_features=False, pretrained_vectors=None
        )
        encoder = build_pair_encoder(tok2vec, use_context=use_context, use_pair_features=use_pair_features)
        encoder.initialize()
        return encoder.get_dim("nO")

    assert width_of(True, True) == 3 * 16 + N_PAIR_FEATURES  # head, child, tokens between, labels/distance/counts
    assert width_of(False, False) == 2 * 16  # the tutorial's pooled head and tail only
