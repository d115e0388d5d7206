"""A context model for the reading of polyphonic characters: g2pM's BiLSTM, run in batches.

The ``g2pM`` package (Apache-2.0) ships a small BiLSTM (64-wide embeddings,
32 units each way, 876 readings) trained on the CPP corpus of Wikipedia
sentences, with its weights as numpy arrays inside the package: nothing is
downloaded. Its own ``G2pM()`` runs one sentence at a time in float64 and
picks among all 876 readings; here the same weights run many sentences at
once in float32, the input projection is a table lookup (embedding times
input weights, computed once), and a character can only get one of its own
readings.

Only the characters asked about are predicted, and a sentence is run only if
it holds one, so most of an article never reaches the model.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["Model", "candidates", "model", "predict"]

_UNK, _BOS, _EOS = "<UNK>", "시", "끝"  # the package's own token names
BATCH_TOKENS = 131_072  # characters run together (sentences sorted by length, so padding stays small)
MAX_LEN = 160  # longer contexts are cut around the character; the LSTM sees no further anyway


def _package_dir() -> Path:
    spec = find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the g2pM package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _load(name: str) -> Any:
    with open(_package_dir() / name, "rb") as fh:
        return pickle.load(fh)


def _syllable(label: str) -> str:
    """g2pM's label in this project's numbers style: ``lu:4`` → ``lv4``."""
    return label.replace("u:", "v")


@dataclass
class Model:
    char_ids: dict[str, int]
    readings: dict[str, tuple[str, ...]]  # polyphonic character → its candidate readings
    labels: tuple[str, ...]
    class_ids: dict[str, int]
    weights: dict[str, Any]

    @classmethod
    def load(cls) -> Model:
        import numpy as np

        state = _load("np_ckpt.pkl")
        class_ids = {_syllable(k): v for k, v in _load("class2idx.pkl").items()}
        labels = [""] * (max(class_ids.values()) + 1)
        for label, i in class_ids.items():
            labels[i] = label
        readings = {
            ch: tuple(_syllable(p) for p in prons)
            for ch, prons in _load("digest_cedict.pkl").items()
            if len(prons) > 1
        }
        emb = state["embedding.weight"].astype(np.float32)
        w: dict[str, Any] = {}
        for tag, suffix in (("fw", ""), ("bw", "_reverse")):
            bias = state[f"lstm.bias_ih_l0{suffix}"] + state[f"lstm.bias_hh_l0{suffix}"]
            w[f"{tag}_in"] = (emb @ state[f"lstm.weight_ih_l0{suffix}"].T + bias).astype(np.float32)
            w[f"{tag}_hh"] = state[f"lstm.weight_hh_l0{suffix}"].T.astype(np.float32).copy()
        w["h0_w"] = state["logit_layer.0.weight"].T.astype(np.float32).copy()
        w["h0_b"] = state["logit_layer.0.bias"].astype(np.float32)
        w["h1_w"] = state["logit_layer.2.weight"].T.astype(np.float32).copy()
        w["h1_b"] = state["logit_layer.2.bias"].astype(np.float32)
        return cls(_load("char2idx.pkl"), readings, tuple(labels), class_ids, w)

    def masks(self, chars: Sequence[str]) -> Any:
        """One row per character: True at the classes that are its own readings."""
        import numpy as np

        table = self.weights.get("masks")
        if table is None:
            order = sorted(self.readings)
            table = np.zeros((len(order), len(self.labels)), dtype=bool)
            for i, ch in enumerate(order):
                table[i, [self.class_ids[r] for r in self.readings[ch] if r in self.class_ids]] = True
            table[~table.any(axis=1)] = True  # none of its readings is a class: any class
            self.weights["masks"] = table
            self.weights["mask_rows"] = {ch: i for i, ch in enumerate(order)}
        rows = self.weights["mask_rows"]
        return table[[rows[ch] for ch in chars]]

    def ids(self, text: str) -> list[int]:
        get, unk = self.char_ids.get, self.char_ids[_UNK]
        return [self.char_ids[_BOS], *(get(ch, unk) for ch in text), self.char_ids[_EOS]]


_lock = threading.Lock()
_model: Model | None = None


def model() -> Model:
    """The model, loaded once (about 0.1 s) under a lock."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _one_blas_thread()
                _model = Model.load()
    return _model


def _one_blas_thread() -> None:
    """Ask numpy's BLAS for one thread, if numpy is not loaded yet (it reads this once).

    The model multiplies small matrices step by step: a second thread only
    waits, and takes the core the screen (or another process) needs.
    """
    import os
    import sys

    if "numpy" not in sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")


def candidates(ch: str) -> tuple[str, ...]:
    """The readings the model chooses among for ``ch`` (empty: not a polyphone it knows)."""
    return model().readings.get(ch, ())


def _run(m: Model, seqs: list[list[int]]) -> tuple[Any, Any]:
    """Forward and backward hidden states of padded sequences: two ``[batch, time, 32]`` arrays."""
    import numpy as np

    w = m.weights
    n, length = len(seqs), max(map(len, seqs))
    ids = np.zeros((n, length), dtype=np.int64)
    rev = np.zeros((n, length), dtype=np.int64)
    lens = np.array([len(s) for s in seqs])
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        rev[i, : len(s)] = s[::-1]
    out = []
    for tag, seq in (("fw", ids), ("bw", rev)):
        table = w[f"{tag}_in"]  # the input projection of every character, by table lookup
        hh = w[f"{tag}_hh"]
        h = np.zeros((n, hh.shape[0]), dtype=np.float32)
        c = np.zeros_like(h)
        hs = np.empty((n, length, hh.shape[0]), dtype=np.float32)
        k = hh.shape[0]
        for t in range(length):
            g = table[seq[:, t]] + h @ hh
            i_f = 1.0 / (1.0 + np.exp(-g[:, : 2 * k]))
            o = 1.0 / (1.0 + np.exp(-g[:, 3 * k :]))
            c = i_f[:, k:] * c + i_f[:, :k] * np.tanh(g[:, 2 * k : 3 * k])
            h = o * np.tanh(c)
            hs[:, t] = h
        out.append(hs)
    fw, bw = out
    # Back to original positions: the backward state at position p was computed at step len-1-p.
    idx = np.clip(lens[:, None] - 1 - np.arange(length)[None, :], 0, length - 1)
    bw = np.take_along_axis(bw, idx[:, :, None], axis=1)
    return fw, bw


def _window(text: str, positions: list[int]) -> tuple[str, int]:
    """At most MAX_LEN characters of ``text`` with the first of ``positions`` in the middle, and its start."""
    if len(text) <= MAX_LEN:
        return text, 0
    start = max(0, min(positions[0] - MAX_LEN // 2, len(text) - MAX_LEN))
    return text[start : start + MAX_LEN], start


def _batches(jobs: list[Any]) -> Any:
    """Consecutive runs of ``jobs`` (sorted by length) of similar lengths, at most BATCH_TOKENS padded."""
    batch: list[Any] = []
    for job in jobs:
        if batch and (
            (len(batch) + 1) * len(job[1]) > BATCH_TOKENS or len(job[1]) > 1.25 * len(batch[0][1]) + 8
        ):
            yield batch
            batch = []
        batch.append(job)
    if batch:
        yield batch


def predict(queries: Sequence[tuple[str, Sequence[int]]]) -> list[list[tuple[str, float]]]:
    """For each ``(sentence, positions)``, the model's reading of each character asked and its probability.

    Every position must hold a character :func:`candidates` knows; the
    probability is over that character's own readings. Sentences are run in
    batches of similar length; a long sentence is run in windows of at most
    ``MAX_LEN`` characters around the characters asked about.
    """
    import numpy as np

    m = model()
    jobs: list[tuple[int, list[int], list[int], int]] = []  # (query, token ids, positions in ids, start)
    for q, (sentence, positions) in enumerate(queries):
        pos = sorted(positions)
        while pos:
            text, start = _window(sentence, pos)
            inside = [p for p in pos if start <= p < start + len(text)]
            jobs.append((q, m.ids(text), [p - start + 1 for p in inside], start))
            pos = [p for p in pos if not start <= p < start + len(text)]
    results: list[dict[int, tuple[str, float]]] = [{} for _ in queries]
    jobs.sort(key=lambda j: len(j[1]))
    w = m.weights
    for batch in _batches(jobs):
        fw, bw = _run(m, [j[1] for j in batch])
        rows = [(k, p) for k, j in enumerate(batch) for p in j[2]]
        ks = np.array([r[0] for r in rows])
        ps = np.array([r[1] for r in rows])
        hidden = np.concatenate([fw[ks, ps], bw[ks, ps]], axis=1)
        logits = np.maximum(hidden @ w["h0_w"] + w["h0_b"], 0) @ w["h1_w"] + w["h1_b"]
        places = [(batch[k][0], batch[k][3] + p - 1) for k, p in rows]
        masks = m.masks([queries[q][0][at] for q, at in places])
        logits = np.where(masks, logits, -np.inf)
        best = logits.argmax(axis=1)
        top = logits[np.arange(len(best)), best]
        probs = 1.0 / np.exp(logits - top[:, None]).sum(axis=1)
        for (q, at), b, pr in zip(places, best.tolist(), probs.tolist()):
            results[q][at] = (m.labels[b], pr)
    return [[res[p] for p in positions] for res, (_, positions) in zip(results, queries)]
