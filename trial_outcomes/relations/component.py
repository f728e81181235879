"""The trainable relation extractor: ``trial_outcomes_relation_extractor``.

Design choices, against the known faults of spaCy's relation tutorial:

- candidates come from a registered generator (schema-typed, one sentence, bounded
  window by default); a window below 1 is an error, not a silent no-op;
- pairs are represented with the tokens between them, entity labels and distance
  (see ``model.py``);
- the loss is binary cross-entropy on logits with a weight on the rare positives; the
  decision threshold is per label, stored in the component's ``cfg`` and so saved with
  the pipeline, and tuned on the dev split by ``scripts/tune_thresholds.py``;
- a batch with no entities (or no candidate pair) is a no-op, not a crash;
- training reads entities from the gold reference (mapped onto the predicted doc's
  tokens by character offsets), from the pipeline's own NER, or from both, set by
  ``training_entities``; gold entities are never copied onto the predicted docs, so
  the NER's dev score stays honest;
- predictions are stored as character-offset records (``records.py``).
"""
from itertools import islice
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples, validate_get_examples
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Config, Model, Optimizer, set_dropout_rate

from ..evaluation.scoring import Annotations, relation_scores
from ..schema import RELATION_LABELS
from .candidates import CandidateGenerator, CandidatePairs, pair_features, pair_geometry
from .model import PairInputs
from .records import RELATION_DATA, Relation, set_relations

TRAINING_ENTITIES = ("gold", "predicted", "union")
LOSSES = ("bce", "mse")

DEFAULT_MODEL = Config().from_str(
    """
[model]
@architectures = "trial_outcomes.RelationModel.v1"

[model.pair_encoder]
@architectures = "trial_outcomes.PairEncoder.v1"
use_context = true
use_pair_features = true

[model.pair_encoder.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 96
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true

[model.classifier]
@architectures = "trial_outcomes.PairClassifier.v1"
hidden_width = 128
dropout = 0.1
"""
)["model"]


@Language.factory(
    "trial_outcomes_relation_extractor",
    assigns=[f"doc._.{RELATION_DATA}"],
    requires=["doc.ents", "token.is_sent_start"],
    default_config={
        "model": DEFAULT_MODEL,
        "candidates": {"@misc": "trial_outcomes.SchemaCandidates.v1", "max_tokens": 60},
        "threshold": 0.5,
        "positive_weight": 3.0,
        "loss": "bce",
        "training_entities": "gold",
        "scorer": {"@scorers": "trial_outcomes.relation_scorer.v1"},
    },
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": None, "rel_micro_r": None},
)
def make_relation_extractor(
    nlp: Language,
    name: str,
    model: Model,
    candidates: CandidateGenerator,
    threshold: float,
    positive_weight: float,
    loss: str,
    training_entities: str,
    scorer: Optional[Callable],
) -> "RelationExtractor":
    return RelationExtractor(
        nlp.vocab,
        model,
        name,
        candidates=candidates,
        threshold=threshold,
        positive_weight=positive_weight,
        loss=loss,
        training_entities=training_entities,
        scorer=scorer,
    )


def score_relations(examples: Iterable[Example], **kwargs) -> Dict[str, object]:
    scores = relation_scores(
        (Annotations.from_doc(eg.reference), Annotations.from_doc(eg.predicted)) for eg in examples
    )
    micro = scores.pop("ALL")
    return {
        "rel_micro_p": micro.precision,
        "rel_micro_r": micro.recall,
        "rel_micro_f": micro.f1,
        "rel_f_per_type": {label: {"p": s.precision, "r": s.recall, "f": s.f1} for label, s in scores.items()},
    }


@registry.scorers("trial_outcomes.relation_scorer.v1")
def make_relation_scorer() -> Callable:
    return score_relations


class RelationExtractor(TrainablePipe):
    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "relation_extractor",
        *,
        candidates: CandidateGenerator,
        threshold: float = 0.5,
        positive_weight: float = 3.0,
        loss: str = "bce",
        training_entities: str = "gold",
        scorer: Optional[Callable] = score_relations,
    ) -> None:
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, not {loss!r}")
        if training_entities not in TRAINING_ENTITIES:
            raise ValueError(f"training_entities must be one of {TRAINING_ENTITIES}, not {training_entities!r}")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must lie between 0 and 1, not {threshold}")
        self.vocab = vocab
        self.model = model
        self.name = name
        self.candidates = candidates
        self.positive_weight = positive_weight
        self.loss = loss
        self.training_entities = training_entities
        self.scorer = scorer
        self.cfg = {"labels": [], "thresholds": {}, "default_threshold": threshold}

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    @property
    def thresholds(self) -> Dict[str, float]:
        return {label: float(self.cfg["thresholds"].get(label, self.cfg["default_threshold"])) for label in self.labels}

    def set_thresholds(self, thresholds: Dict[str, float]) -> None:
        unknown = set(thresholds) - set(self.labels)
        if unknown:
            raise ValueError(f"no such relation label(s): {', '.join(sorted(unknown))}")
        self.cfg["thresholds"] = {**self.cfg["thresholds"], **{k: float(v) for k, v in thresholds.items()}}

    def add_label(self, label: str) -> int:
        if label in self.labels:
            return 0
        self._allow_resizing_output()
        self.cfg["labels"].append(label)
        return 1

    def _allow_resizing_output(self) -> None:
        classifier = self.model.get_ref("classifier")
        if classifier.layers and classifier.layers[-1].has_dim("nO") and classifier.layers[-1].get_dim("nO"):
            raise ValueError("cannot add a relation label to a trained relation extractor")

    # --- inputs ---------------------------------------------------------------

    def make_inputs(self, docs: Sequence[Doc], spans: Sequence[Sequence[Span]]) -> Tuple[PairInputs, List[CandidatePairs]]:
        candidates = [self.candidates(doc, doc_spans, self.labels) for doc, doc_spans in zip(docs, spans)]
        inputs = PairInputs(
            list(docs), [pair_geometry(c) for c in candidates], [pair_features(c) for c in candidates]
        )
        return inputs, candidates

    def _training_spans(self, example: Example, mode: Optional[str] = None) -> List[Span]:
        mode = mode or self.training_entities
        gold: List[Span] = []
        if mode in ("gold", "union"):
            for ent in example.reference.ents:
                span = example.predicted.char_span(ent.start_char, ent.end_char, label=ent.label_)
                if span is not None:
                    gold.append(span)
        if mode == "gold":
            return gold
        taken: Set[int] = {i for span in gold for i in range(span.start, span.end)}
        return gold + [e for e in example.predicted.ents if not taken.intersection(range(e.start, e.end))]

    # --- prediction -----------------------------------------------------------

    def predict(self, docs: Iterable[Doc]) -> Tuple[List[CandidatePairs], numpy.ndarray]:
        docs = list(docs)
        inputs, candidates = self.make_inputs(docs, [list(doc.ents) for doc in docs])
        if inputs.n_pairs == 0:
            return candidates, numpy.zeros((0, len(self.labels)), dtype="float32")
        logits = self.model.ops.to_numpy(self.model.predict(inputs))
        return candidates, _sigmoid(logits)

    def set_annotations(self, docs: Iterable[Doc], predictions: Tuple[List[CandidatePairs], numpy.ndarray]) -> None:
        candidates, scores = predictions
        thresholds = numpy.asarray([self.thresholds[label] for label in self.labels], dtype="float32")
        offset = 0
        for doc, pairs in zip(docs, candidates):
            block = scores[offset : offset + len(pairs)]
            offset += len(pairs)
            rows, cols = numpy.nonzero((block >= thresholds) & (pairs.allowed > 0))
            set_relations(
                doc,
                [
                    Relation(pairs.spans[pairs.pairs[r, 0]], pairs.spans[pairs.pairs[r, 1]], self.labels[c], float(block[r, c]))
                    for r, c in zip(rows, cols)
                ],
            )

    # --- training -------------------------------------------------------------

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optional[Optimizer] = None,
        losses: Optional[Dict[str, float]] = None,
    ) -> Dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "RelationExtractor.update")
        inputs, candidates = self.make_inputs(
            [eg.predicted for eg in examples], [self._training_spans(eg) for eg in examples]
        )
        if inputs.n_pairs == 0:
            return losses
        set_dropout_rate(self.model, drop)
        logits, backprop = self.model.begin_update(inputs)
        loss, d_logits = self.get_loss(examples, (candidates, logits))
        backprop(d_logits)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def targets(self, examples: Sequence[Example], candidates: Sequence[CandidatePairs]) -> numpy.ndarray:
        rows = []
        for eg, pairs in zip(examples, candidates):
            gold = Annotations.from_doc(eg.reference).relations
            block = numpy.zeros((len(pairs), len(self.labels)), dtype="float32")
            for r, (h, c) in enumerate(pairs.pairs):
                head, child = pairs.spans[h], pairs.spans[c]
                for k, label in enumerate(self.labels):
                    if (head.start_char, head.end_char, child.start_char, child.end_char, label) in gold:
                        block[r, k] = 1.0
            rows.append(block)
        return numpy.vstack(rows) if rows else numpy.zeros((0, len(self.labels)), dtype="float32")

    def get_loss(self, examples: Iterable[Example], predictions) -> Tuple[float, numpy.ndarray]:
        candidates, logits = predictions
        examples = list(examples)
        ops = self.model.ops
        truth = self.targets(examples, candidates)
        allowed = numpy.vstack([c.allowed for c in candidates])
        probs = _sigmoid(ops.to_numpy(logits))
        n = max(len(truth), 1)
        if self.loss == "bce":
            weight = numpy.where(truth > 0, self.positive_weight, 1.0).astype("float32") * allowed
            eps = 1e-7
            loss = -(weight * (truth * numpy.log(probs + eps) + (1 - truth) * numpy.log(1 - probs + eps))).sum()
            gradient = (probs - truth) * weight
        else:  # "mse": the tutorial's squared error through the sigmoid, kept for the baseline
            loss = (allowed * (probs - truth) ** 2).sum()
            gradient = 2 * allowed * (probs - truth) * probs * (1 - probs)
        return float(loss / n), ops.asarray2f((gradient / n).astype("float32"))

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Optional[Language] = None,
        labels: Optional[Sequence[str]] = None,
    ) -> None:
        validate_get_examples(get_examples, "RelationExtractor.initialize")
        for label in labels or RELATION_LABELS:
            self.add_label(label)
        self.cfg["thresholds"] = {label: self.cfg["default_threshold"] for label in self.labels}
        sample: List[Example] = []
        n_pairs = 0
        # shapes only: gold entities give candidate pairs even before any NER has trained
        for eg in islice(get_examples(), 200):
            sample.append(eg)
            n_pairs += len(self.make_inputs([eg.predicted], [self._training_spans(eg, "gold")])[1][0])
            if n_pairs >= 20 and len(sample) >= 5:
                break
        if not n_pairs:
            raise ValueError(
                f"{self.name}: the first training examples hold no candidate entity pair; "
                "are there entities with relations in the training corpus?"
            )
        inputs, candidates = self.make_inputs([eg.predicted for eg in sample], [self._training_spans(eg, "gold") for eg in sample])
        self.model.initialize(X=inputs, Y=self.model.ops.asarray2f(self.targets(sample, candidates)))


def _sigmoid(x: numpy.ndarray) -> numpy.ndarray:
    return (1.0 / (1.0 + numpy.exp(-numpy.clip(x, -30, 30)))).astype("float32")

