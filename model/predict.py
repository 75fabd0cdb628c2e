"""The labelling API: `load_model()`, `Labeller.predict()`, `Labeller.label_document()`."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from transformers import AutoTokenizer

from dovehawk.model.context import given, preceding
from dovehawk.model.modeling import DovehawkModel


@dataclass(frozen=True)
class SentenceLabel:
    """Labels of one sentence; scores are calibrated probabilities that sum to 1 per head."""

    text: str
    stance: str | None  # None when the sentence is not scored (not English)
    stance_scores: dict[str, float]
    sentiment: str | None
    sentiment_scores: dict[str, float]
    context: str | None = None
    index: int | None = None  # position in its document (label_document only)
    start: int | None = None  # character offsets into the document (label_document only)
    end: int | None = None
    scored: bool = True  # False: not English, so no labels rather than wrong ones (label_document only)
    # Who holds the stance (`dovehawk.holders`; label_document(s) with holders=True, stance-bearing
    # sentences only): the normalised name or "author", its type, the text's words for it, the form.
    holder: str | None = None
    holder_type: str | None = None
    holder_surface: str | None = None
    holder_form: str | None = None


def shipped_model_path() -> Path:
    return Path(__file__).parent / "v1"


def accurate_model_path() -> Path:
    """The opt-in accurate model: a LoRA adapter over all-mpnet-base-v2 (`--model accurate`)."""
    return Path(__file__).parent / "accurate"


NAMED_MODELS = {"default": shipped_model_path, "accurate": accurate_model_path}


def load_model(path: str | os.PathLike | None = None, *, quantize: bool | None = None) -> Labeller:
    """Load a checkpoint folder (default: the model shipped with dovehawk; "accurate": the opt-in
    all-mpnet-base-v2 adapter, whose base installs with `bash scripts/setup.sh --accurate`).

    `quantize`: None (default) runs the encoder in int8 where the checkpoint validated it (its
    `int8_fp32_layers` is set: int8 labels agreed with fp32 on >= 98% of dev sentences per head),
    else in fp32; True forces int8 (ONNX Runtime, see `dovehawk.model.int8`); False forces fp32.
    A bf16 checkpoint (the accurate model) runs in bf16 where the CPU has fast bf16 (`native_bf16`)
    and `quantize` is not False, else in fp32 (its version then ends in "+fp32"; the labels differ
    from bf16's only by rounding). The heads always run in fp32.
    """
    if path is None or str(path) in NAMED_MODELS:
        path = NAMED_MODELS[str(path or "default")]()
    path = Path(path)
    if not (path / "dovehawk_config.json").exists():
        raise FileNotFoundError(f"no dovehawk checkpoint in {path} (expected dovehawk_config.json there)")
    model = DovehawkModel.load(path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    if quantize and model.config.bf16:
        raise ValueError(f"{path}: this checkpoint labels in bf16 (the accurate model); int8 does not apply to it")
    if model.config.bf16:
        from dovehawk.model.modeling import native_bf16

        model.autocast_bf16 = quantize is not False and native_bf16()
        if quantize is None and not model.autocast_bf16:
            warnings.warn(
                f"{path.name}: this CPU has no fast bfloat16, so the model labels in fp32 "
                "(same labels up to rounding; set DOVEHAWK_BF16=1 to force bf16)",
                stacklevel=2,
            )
        quantize = False
    if quantize is None:
        quantize = model.config.int8_fp32_layers is not None
    return Labeller(model, tokenizer, quantize=quantize)


class Labeller:
    """Batched, length-sorted inference with calibrated probabilities.

    >>> model = load_model()
    >>> [r.stance for r in model.predict(["Talks resume in Istanbul on Monday."])]
    ['neutral']
    """

    def __init__(self, model: DovehawkModel, tokenizer, batch_size: int = 32, quantize: bool = False):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.config = model.config
        self.quantized = quantize
        self.int8_encoder = None
        self._holders = None  # the holder extractor, loaded on first use
        if quantize:
            from dovehawk.model.int8 import Int8Encoder

            self.int8_encoder = Int8Encoder(model, model.config.int8_fp32_layers or [])

    @property
    def version(self) -> str:
        fp32 = self.config.bf16 and not self.model.autocast_bf16
        return self.config.version + ("+int8" if self.quantized else "") + ("+fp32" if fp32 else "")

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
            if self.model.autocast_bf16:  # bf16 kernels are built per shape: round widths up to fewer shapes
                width = -(-width // 16) * 16
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
    def predict(
        self, sentences: list[str], contexts: list[str | list[str] | None] | None = None
    ) -> list[SentenceLabel]:
        """Label each sentence; `contexts[i]` is the text preceding sentence i (None or "" for none, or a
        list of preceding sentences). A checkpoint with `context_window` 0 ignores contexts.

        Texts appearing both as sentence and as context are encoded once.
        """
        if isinstance(sentences, str):
            raise TypeError("predict() takes a list of sentences, not a single string")
        if contexts is not None and len(contexts) != len(sentences):
            raise ValueError(f"got {len(sentences)} sentences but {len(contexts)} contexts")
        lists = given(contexts, len(sentences), self.config.context_window)
        return self._records(sentences, lists, *self.logits(sentences, lists))

    @torch.inference_mode()
    def logits(self, sentences: list[str], contexts) -> tuple[torch.Tensor, torch.Tensor]:
        """Uncalibrated logits of both heads (for evaluation and temperature fitting); contexts as in
        `predict`, cut to the checkpoint's `context_window`."""
        lists = given(contexts, len(sentences), self.config.context_window)
        (sent, ctx), has_context = self._vectors(sentences, lists)

        def recheck(rows):
            return self.encode([sentences[i] for i in rows], fp32=True)

        return self._heads(sent, ctx, has_context, recheck)

    def _vectors(self, sentences, lists, fp32: bool = False):
        """Sentence vectors and context vectors (mean of the preceding sentences' vectors)."""
        unique = {}
        for text in list(sentences) + [c for items in lists for c in items]:
            unique.setdefault(text, len(unique))
        encoded = self.encode(list(unique), fp32=fp32)
        sent = encoded[[unique[s] for s in sentences]] if sentences else encoded
        has_context = torch.tensor([1.0 if items else 0.0 for items in lists])
        ctx = torch.zeros_like(sent)
        for i, items in enumerate(lists):
            if items:
                ctx[i] = encoded[[unique[c] for c in items]].mean(0)
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
        for head, logits in (("stance", stance_logits), ("sentiment", sentiment_logits)):
            top = torch.softmax(self.config.scaled(head, logits), -1).topk(2, -1).values
            gaps.append(top[:, 0] - top[:, 1])
        return torch.minimum(*gaps) < self.config.int8_recheck_margin

    def _records(self, sentences, lists, stance_logits, sentiment_logits, offsets=None):
        if not sentences:
            return []
        stance_p = torch.softmax(self.config.scaled("stance", stance_logits), -1).tolist()
        sentiment_p = torch.softmax(self.config.scaled("sentiment", sentiment_logits), -1).tolist()
        records = []
        for i, text in enumerate(sentences):
            st = dict(zip(self.config.stance_labels, stance_p[i]))
            se = dict(zip(self.config.sentiment_labels, sentiment_p[i]))
            extra = {}
            if offsets is not None:
                extra = {"index": i, "start": offsets[i][0], "end": offsets[i][1]}
            records.append(
                SentenceLabel(
                    text=text,
                    stance=max(st, key=st.get),
                    stance_scores=st,
                    sentiment=max(se, key=se.get),
                    sentiment_scores=se,
                    context=" ".join(lists[i]) or None,
                    **extra,
                )
            )
        return records

    def label_document(self, text: str, holders: bool = False) -> list[SentenceLabel]:
        """Split `text` into sentences (with character offsets) and label each with its context.
        Sentences that are not English come back with `scored=False` and no labels. With `holders`,
        stance-bearing sentences get who holds the stance (`dovehawk.holders`; needs the `holders`
        extra).

        >>> doc = load_model().label_document("Talks failed. Both sides blamed each other.")
        >>> [(s.start, s.end) for s in doc]
        [(0, 13), (14, 43)]
        """
        return self.label_documents([text], holders=holders)[0]

    def scored_mask(self, text: str, sentences: list[str]) -> list[bool]:
        """Which sentences of one document to label: in an English document every sentence not in
        another script; in a non-English one only the sentences that look English themselves. The
        thresholds are the checkpoint's (`language_*` in its config)."""
        from dovehawk.language import looks_english

        c = self.config
        options = {
            "min_words": c.language_min_words,
            "min_latin": c.language_min_latin,
            "min_stopwords": c.language_min_stopwords,
        }
        english = looks_english(text, **options)
        out = []
        for s in sentences:
            if english:
                out.append(looks_english(s, **{**options, "min_words": 10**9}))  # script check only
            else:
                out.append(looks_english(s, **options) and len(s.split()) >= c.language_min_words)
        return out

    @torch.inference_mode()
    def label_documents(self, texts: list[str], holders: bool = False) -> list[list[SentenceLabel]]:
        """`label_document` for many texts at once: sentences of all texts share the batches."""
        from dovehawk.segment import split_sentences

        spans = [split_sentences(t, self.config.splitter) for t in texts]
        sentences = [[t[a:b] for a, b in sp] for t, sp in zip(texts, spans)]
        masks = [self.scored_mask(t, doc) for t, doc in zip(texts, sentences)]
        # Only scored sentences are labelled, and only they serve as context of one another.
        kept = [[s for s, ok in zip(doc, mask) if ok] for doc, mask in zip(sentences, masks)]
        flat = [s for doc in kept for s in doc]
        lists = [c for doc in kept for c in preceding(doc, self.config.context_window)]
        labelled = iter(self._records(flat, lists, *self.logits(flat, lists)))
        out = []
        for doc, sp, mask in zip(sentences, spans, masks):
            records = []
            for i, (text, (a, b), ok) in enumerate(zip(doc, sp, mask)):
                if ok:
                    records.append(replace(next(labelled), index=i, start=a, end=b))
                else:
                    records.append(
                        SentenceLabel(
                            text=text,
                            stance=None,
                            stance_scores={},
                            sentiment=None,
                            sentiment_scores={},
                            index=i,
                            start=a,
                            end=b,
                            scored=False,
                        )
                    )
            out.append(records)
        return self._with_holders(out) if holders else out

    def _with_holders(self, documents: list[list[SentenceLabel]]) -> list[list[SentenceLabel]]:
        if self._holders is None:
            from dovehawk.holders import HolderExtractor

            self._holders = HolderExtractor()
        found = self._holders(
            [[s.text for s in doc] for doc in documents], [[s.stance for s in doc] for doc in documents]
        )
        return [
            [
                s
                if h is None
                else replace(
                    s, holder=h.holder, holder_type=h.holder_type, holder_surface=h.surface, holder_form=h.form
                )
                for s, h in zip(doc, hs)
            ]
            for doc, hs in zip(documents, found)
        ]
