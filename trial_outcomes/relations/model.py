"""Thinc architectures of the relation extractor.

The model maps :class:`PairInputs` (docs plus, per doc, the token ranges and fixed
features of each candidate pair) to one logit per relation label per pair::

    pair vector = [mean(head tokens), mean(child tokens), mean(tokens between)?, pair features?]
    logits      = Linear(Relu(pair vector))

``use_context=False, use_pair_features=False`` gives the spaCy tutorial's pair
representation (pooled head and tail only), used as the evaluation baseline.
"""
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Model, Relu, chain
from thinc.types import Floats2d, Ints1d, Ints2d

from .candidates import N_PAIR_FEATURES


@dataclass
class PairInputs:
    docs: List[Doc]
    geometry: List[Ints2d]  # per doc, (n_pairs, 6) token ranges: head, child, between
    features: List[Floats2d]  # per doc, (n_pairs, N_PAIR_FEATURES)

    @property
    def n_pairs(self) -> int:
        return sum(len(g) for g in self.geometry)


@registry.architectures("trial_outcomes.RelationModel.v1")
def build_relation_model(
    pair_encoder: Model[PairInputs, Floats2d], classifier: Model[Floats2d, Floats2d]
) -> Model[PairInputs, Floats2d]:
    model = chain(pair_encoder, classifier)
    model.set_ref("pair_encoder", pair_encoder)
    model.set_ref("classifier", classifier)
    return model


@registry.architectures("trial_outcomes.PairClassifier.v1")
def build_pair_classifier(hidden_width: int = 128, dropout: float = 0.1, nO: Optional[int] = None) -> Model[Floats2d, Floats2d]:
    return chain(Relu(nO=hidden_width, dropout=dropout), Linear(nO=nO))


@registry.architectures("trial_outcomes.PairEncoder.v1")
def build_pair_encoder(
    tok2vec: Model[List[Doc], List[Floats2d]], use_context: bool = True, use_pair_features: bool = True
) -> Model[PairInputs, Floats2d]:
    return Model(
        "pair_encoder",
        _pair_encoder_forward,
        layers=[tok2vec],
        refs={"tok2vec": tok2vec},
        attrs={"use_context": use_context, "use_pair_features": use_pair_features},
        init=_init_pair_encoder,
        dims={"nO": None},
    )


def _init_pair_encoder(model: Model, X: Optional[PairInputs] = None, Y=None) -> None:
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        tok2vec.initialize(X=X.docs)
    width = tok2vec.get_dim("nO")
    n_pooled = 3 if model.attrs["use_context"] else 2
    model.set_dim("nO", n_pooled * width + (N_PAIR_FEATURES if model.attrs["use_pair_features"] else 0))


def _segments(starts: Ints1d, ends: Ints1d) -> Tuple[Ints1d, Ints1d, numpy.ndarray]:
    """Row indices of every token in each [start, end) range, the range each belongs to, and lengths."""
    lengths = numpy.maximum(ends - starts, 0)
    seg = numpy.repeat(numpy.arange(len(starts), dtype="int32"), lengths)
    first = numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
    rows = numpy.arange(lengths.sum(), dtype="int32") - first + numpy.repeat(starts, lengths)
    return rows.astype("int32"), seg, lengths


def _pair_encoder_forward(model: Model, inputs: PairInputs, is_train: bool) -> Tuple[Floats2d, Callable]:
    ops = model.ops
    tokvecs, backprop_tokvecs = model.get_ref("tok2vec")(inputs.docs, is_train)
    lengths = [len(t) for t in tokvecs]
    X = ops.flatten(tokvecs)
    width = X.shape[1]
    offsets = numpy.cumsum([0] + lengths[:-1]).astype("int32")
    geometry = numpy.vstack([numpy.asarray(g) + offsets[i] for i, g in enumerate(inputs.geometry)])
    columns = [(0, 1), (2, 3)] + ([(4, 5)] if model.attrs["use_context"] else [])
    pooled, segments = [], []
    for start_col, end_col in columns:
        rows, seg, seg_lengths = _segments(geometry[:, start_col], geometry[:, end_col])
        divisor = ops.asarray2f(numpy.maximum(seg_lengths, 1).reshape(-1, 1).astype("float32"))
        total = ops.alloc2f(len(geometry), width)
        if len(rows):
            ops.scatter_add(total, ops.asarray1i(seg), X[ops.asarray1i(rows)])
        pooled.append(total / divisor)
        segments.append((ops.asarray1i(rows), ops.asarray1i(seg), divisor))
    if model.attrs["use_pair_features"]:
        pooled.append(ops.asarray2f(numpy.vstack(inputs.features)))
    output = ops.xp.hstack(pooled)

    def backprop(d_output: Floats2d) -> List[Doc]:
        d_X = ops.alloc2f(*X.shape)
        for k, (rows, seg, divisor) in enumerate(segments):
            if len(rows):
                d_mean = d_output[:, k * width : (k + 1) * width] / divisor
                ops.scatter_add(d_X, rows, d_mean[seg])
        return backprop_tokvecs(ops.unflatten(d_X, ops.asarray1i(lengths)))

    return output, backprop
