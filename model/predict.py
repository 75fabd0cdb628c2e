"""The labelling API: `load_model()`, `Labeller.predict()`, `Labeller.label_document()`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import AutoTokenizer

from dovehawk.model.modeling import DovehawkModel


@dataclass(frozen=True)
class SentenceLabel:
    """Labels of one sentence; scores are calibrated probabilities that sum to 1 per head."""

    text: str
    stance: str
    stance_scores: dict[str, float]
    sentiment: str
    sentiment_scores: dict[str, float]
    context: str | None = None
    index: int | None = None  # position in its document (label_document only)
    start: int | None = None  # character offsets into the document (label_document only)
    end: int | None = None


def shipped_model_path() -> Path:
    return Path(__file__).parent / "v1"


def load_model(path: str | os.PathLike | None = None, *, quantize: bool | None = None) -> Labeller:
    """Load a checkpoint folder (default: the model shipped with dovehawk).

    `quantize`: None (default) runs the encoder in int8 where the checkpoint validated it (its
    `int8_fp32_layers` is set: int8 labels agreed with fp32 on >= 98% of dev sentences per head),
    else in fp32; True forces int8 (ONNX Runtime, see `dovehawk.model.int8`); False forces fp32.
    The heads always run in fp32.
    """
    path = Path(path) if path is not None else shipped_model_path()
    if not (path / "dovehawk_config.json").exists():
        raise FileNotFoundError(f"no dovehawk checkpoint in {path} (expected dovehawk_config.json there)")
    model = DovehawkModel.load(path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    if quantize is None:
        quantize = model.config.int8_fp32_layers is not None
    return Labeller(model, tokenizer, quantize=quantize)


class Labeller:
    """Batched, length-sorted inference with calibrated probabilities.

    >>> model = load_model()                                                 # doctest: +SKIP
    >>> [r.stance for r in model.predict(["Talks resume in Istanbul on Monday."])]  # doctest: +SKIP
    ['neutral']
    """

    def __init__(self, model: DovehawkModel, tokenizer, batch_size: int = 32, quantize: bool = False):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.config = model.config
        self.quantized = quantize
        self.int8_encoder = None
        if quantize:
            from dovehawk.model.int8 import Int8Encoder

            self.int8_encoder = Int8Encoder(model, model.config.int8_fp32_layers or [])

    @property
    def version(self) -> str:
        return self.config.version + ("+int8" if self.quantized else "")

    @torch.inference_mode()
    def encode(self, texts: list[str], fp32: bool = False) -> torch.Tensor:
        """Sentence vectors for `texts`, computed in length-sorted batches, returned in input order."""
        if not texts:
            return torch.zeros(0, self.model.encoder.config.hidden_size)
        encoder = self.model.encode if fp32 or self.int8_encoder is None else self.int8_encoder
        ids = self.tokenizer(texts, truncation=True, max_length=self.config.max_length)["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = [None] * len(ids)
        pad = self.tokenizer.pad_token_id or 0
        for b in range(0, len(order), self.batch_size):
            chunk = order[b : b + self.batch_size]
            width = max(len(ids[i]) for i in chunk)
            input_ids = torch.full((len(chunk), width), pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = torch.tensor(ids[i])
                mask[row, : len(ids[i])] = 1
            vectors = encoder(input_ids, mask)
            for row, i in enumerate(chunk):
                out[i] = vectors[row]
        return torch.stack(out)

    @torch.inference_mode()
    def predict(self, sentences: list[str], contexts: list[str | None] | None = None) -> list[SentenceLabel]:
        """Label each sentence; `contexts[i]` is the text preceding sentence i (None or "" for none).

        Texts appearing both as sentence and as context are encoded once.
        """
        if isinstance(sentences, str):
            raise TypeError("predict() takes a list of sentences, not a single string")
        contexts = list(contexts) if contexts is not None else [None] * len(sentences)
        if len(contexts) != len(sentences):
            raise ValueError(f"got {len(sentences)} sentences but {len(contexts)} contexts")
        return self._records(sentences, contexts, *self.logits(sentences, contexts))

    @torch.inference_mode()
    def logits(self, sentences: list[str], contexts: list[str | None]) -> tuple[torch.Tensor, torch.Tensor]:
        """Uncalibrated logits of both heads (for evaluation and temperature fitting)."""
        (sent, ctx), has_context = self._vectors(sentences, contexts)

        def recheck(rows):
            return self.encode([sentences[i] for i in rows], fp32=True)

        return self._heads(sent, ctx, has_context, recheck)

    def _vectors(self, sentences, contexts, fp32: bool = False):
        unique = {}
        for text in list(sentences) + [c for c in contexts if c]:
            unique.setdefault(text, len(unique))
        encoded = self.encode(list(unique), fp32=fp32)
        sent = encoded[[unique[s] for s in sentences]] if sentences else encoded
        has_context = torch.tensor([1.0 if c else 0.0 for c in contexts])
        ctx = torch.zeros_like(sent)
        for i, c in enumerate(contexts):
            if c:
                ctx[i] = encoded[unique[c]]
        return (sent, ctx), has_context

    def _heads(self, sent, ctx, has_context, recheck):
        """Logits of both heads; with int8, near-tie rows are recomputed from the fp32 sentence vectors
        `recheck(rows)`; their context vectors stay int8 (rechecking those too costs twice as much for
        little gain on dev)."""
        if len(sent) == 0:
            n = (0, len(self.config.stance_labels)), (0, len(self.config.sentiment_labels))
            return torch.zeros(n[0]), torch.zeros(n[1])
        stance, sentiment = self.model.heads_forward(sent, ctx, has_context)
        if self.int8_encoder is not None and self.config.int8_recheck_margin > 0:
            rows = self.near_ties(stance, sentiment).nonzero().flatten().tolist()
            if rows:
                stance[rows], sentiment[rows] = self.model.heads_forward(recheck(rows), ctx[rows], has_context[rows])
        return stance, sentiment

    def near_ties(self, stance_logits, sentiment_logits) -> torch.Tensor:
        """Rows whose two most probable labels (calibrated, either head) are within the recheck margin."""
        gaps = []
        for logits, temperature in ((stance_logits, self.config.stance_temperature),
                                    (sentiment_logits, self.config.sentiment_temperature)):
            top = torch.softmax(logits / temperature, -1).topk(2, -1).values
            gaps.append(top[:, 0] - top[:, 1])
        return torch.minimum(*gaps) < self.config.int8_recheck_margin

    def _records(self, sentences, contexts, stance_logits, sentiment_logits, offsets=None):
        if not sentences:
            return []
        stance_p = torch.softmax(stance_logits / self.config.stance_temperature, -1).tolist()
        sentiment_p = torch.softmax(sentiment_logits / self.config.sentiment_temperature, -1).tolist()
        records = []
        for i, text in enumerate(sentences):
            st = dict(zip(self.config.stance_labels, stance_p[i]))
            se = dict(zip(self.config.sentiment_labels, sentiment_p[i]))
            extra = {}
            if offsets is not None:
                extra = {"index": i, "start": offsets[i][0], "end": offsets[i][1]}
            records.append(SentenceLabel(
                text=text, stance=max(st, key=st.get), stance_scores=st,
                sentiment=max(se, key=se.get), sentiment_scores=se, context=contexts[i] or None, **extra,
            ))
        return records

    def label_document(self, text: str) -> list[SentenceLabel]:
        """Split `text` into sentences (with character offsets) and label each with its context.

        >>> doc = load_model().label_document("Talks failed. Both sides blamed each other.")  # doctest: +SKIP
        >>> [(s.start, s.end) for s in doc]                                                 # doctest: +SKIP
        [(0, 13), (14, 43)]
        """
        return self.label_documents([text])[0]

    @torch.inference_mode()
    def label_documents(self, texts: list[str]) -> list[list[SentenceLabel]]:
        """`label_document` for many texts at once: sentences of all texts share the batches."""
        from dovehawk.segment import split_sentences

        spans = [split_sentences(t) for t in texts]
        sentences = [[t[a:b] for a, b in sp] for t, sp in zip(texts, spans)]
        flat = [s for doc in sentences for s in doc]
        vectors = self.encode(flat)
        parts = [self.context_vectors(v, doc) for v, doc in zip(vectors.split([len(d) for d in sentences]), sentences)]
        ctx = torch.cat([p[0] for p in parts]) if parts else vectors
        has_context = torch.cat([p[1] for p in parts]) if parts else torch.zeros(0)
        contexts = [c for p in parts for c in p[2]]
        starts = [0]
        for doc in sentences:
            starts.append(starts[-1] + len(doc))

        def recheck(rows):
            return self.encode([flat[i] for i in rows], fp32=True)

        stance, sentiment = self._heads(vectors, ctx, has_context, recheck)
        return [self._records(doc, contexts[a:b], stance[a:b], sentiment[a:b], offsets=sp)
                for doc, sp, a, b in zip(sentences, spans, starts, starts[1:])]

    def context_vectors(self, vectors: torch.Tensor, sentences: list[str]):
        """Mean of the preceding `context_window` sentence vectors within one document."""
        window = self.config.context_window
        ctx = torch.zeros_like(vectors)
        has_context = torch.zeros(len(sentences))
        contexts = [None] * len(sentences)
        for i in range(1, len(sentences)):
            lo = max(0, i - window)
            if window and lo < i:
                ctx[i] = vectors[lo:i].mean(0)
                has_context[i] = 1.0
                contexts[i] = " ".join(sentences[lo:i])
        return ctx, has_context, contexts
