"""Joint fine-tuning of the encoder and both heads, early stopping on dev, temperature scaling."""

from __future__ import annotations

import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm
from transformers import AutoTokenizer

from dovehawk.data import corpus_version, load_corpus
from dovehawk.metrics import fit_temperature, head_metrics
from dovehawk.model.context import of_rows
from dovehawk.model.modeling import DovehawkModel, ModelConfig
from dovehawk.model.predict import Labeller, load_model
from dovehawk.train.config import TrainConfig, describe_base, fold_of, parse_fold

IGNORE = -100


def set_determinism(seed: int, threads: int = 0) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    if threads:
        torch.set_num_threads(threads)


def encode_rows(rows, tokenizer, config: ModelConfig, soft: dict | None = None):
    """Token ids of each sentence and its context, label ids (-100 where a label is missing), and the
    teacher's probabilities of each head where `soft` (item_id -> record) has the row."""
    stance_ids = {l: i for i, l in enumerate(config.stance_labels)}
    sentiment_ids = {l: i for i, l in enumerate(config.sentiment_labels)}
    texts = [r["text"] for r in rows]
    lists = of_rows(rows, config.context_window)  # the same builder as evaluation and labelling
    flat = [c for items in lists for c in items]
    ids = tokenizer(texts, truncation=True, max_length=config.max_length)["input_ids"]
    ctx_ids = iter(tokenizer(flat, truncation=True, max_length=config.max_length)["input_ids"] if flat else [])
    return [
        {
            "ids": ids[i],
            "ctx": [next(ctx_ids) for _ in lists[i]],
            "stance": stance_ids.get(r["stance"], IGNORE),
            "sentiment": sentiment_ids.get(r["sentiment"], IGNORE),
            "soft": (soft or {}).get(r.get("item_id")),
        }
        for i, r in enumerate(rows)
    ]


def soft_loss(logits: torch.Tensor, batch, head: str) -> torch.Tensor | None:
    """Cross-entropy of the logits against the teacher's probabilities, over the rows that have them."""
    rows = [i for i, e in enumerate(batch) if e["soft"] is not None]
    if not rows:
        return None
    target = torch.tensor([batch[i]["soft"][head] for i in rows], dtype=logits.dtype)
    return -(target * torch.log_softmax(logits[rows].float(), -1)).sum(-1).mean()


def distill_rows(path: str, train_rows: list[dict], excluded: list[dict], source_dir=None):
    """Teacher records by item_id, and the pool's rows (text joined from the sources) to add to train.

    Refuses a file whose pool holds a row, or a document, of `excluded` (dev and test)."""
    from dovehawk.data import read_jsonl
    from dovehawk.labels import HEADS
    from dovehawk.sources import real_news_texts

    records = {r["item_id"]: r for r in read_jsonl(path)}
    bad = [
        i
        for i, r in records.items()
        if any(not isinstance(r.get(h), list) or len(r[h]) != len(labels) for h, labels in HEADS.items())
    ]
    if bad:
        sizes = ", ".join(f"{h} {len(labels)}" for h, labels in HEADS.items())
        raise ValueError(f"{path}: {len(bad)} rows lack a probability per label ({sizes}; first: {bad[0]})")
    have = {r["item_id"] for r in train_rows}
    ids = [i for i, r in records.items() if r.get("pool") and i not in have]
    held = {r["item_id"] for r in excluded} | {r["doc_id"] for r in excluded if r.get("doc_id")}
    clash = [i for i in ids if i in held or i.rsplit("/", 1)[0] in held]
    if clash:
        raise ValueError(f"{path}: {len(clash)} pool rows are dev or test rows or documents (first: {clash[0]})")
    units = real_news_texts(source_dir, ids)
    missing = [i for i in ids if i not in units]
    if missing:
        raise ValueError(f"{path}: {len(missing)} pool rows are not in the sources (first: {missing[0]})")
    rows = [
        {
            **{k: units[i].get(k) for k in ("item_id", "text", "context", "source", "doc_id", "position", "register")},
            "stance": None,
            "sentiment": None,
            "origin": "pool",
        }
        for i in ids
    ]
    return records, rows


def pad(seqs: list[list[int]], pad_id: int, multiple: int = 1):
    """Right-padded ids and mask; `multiple` rounds the width up (fewer distinct shapes: bf16 kernels
    are built per shape)."""
    width = -(-max(len(s) for s in seqs) // multiple) * multiple
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def batches(examples, batch_size: int, rng: random.Random):
    """Shuffled batches of similar length (less padding): shuffle, sort within pools, shuffle batches."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    pool = batch_size * 50
    out = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda i: len(examples[i]["ids"]))
        out.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(out)
    return out


def class_weights(labels: list[int], n: int) -> torch.Tensor:
    """Inverse square-root frequency, normalised to mean 1: softens imbalance without overshooting."""
    counts = np.bincount([l for l in labels if l != IGNORE], minlength=n).astype(float)
    w = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return torch.tensor(w / w.mean(), dtype=torch.float)


def step_loss(model, batch, pad_id, losses, distill_weight: float = 1.0):
    multiple = 16 if model.config.bf16 else 1
    ids, mask = pad([e["ids"] for e in batch], pad_id, multiple)
    sent = model.encode(ids, mask)
    has_ctx = torch.tensor([1.0 if e["ctx"] else 0.0 for e in batch])
    ctx = torch.zeros_like(sent)
    seqs = [(i, c) for i, e in enumerate(batch) for c in e["ctx"]]
    if seqs:
        # Context vectors without gradient: the encoder learns from the sentence path; cheaper.
        # A context of several preceding sentences is the mean of their vectors, as at labelling time.
        with torch.no_grad():
            cids, cmask = pad([c for _, c in seqs], pad_id, multiple)
            vectors = model.encode(cids, cmask)
            owner = torch.tensor([i for i, _ in seqs])
            ctx.index_add_(0, owner, vectors)
            ctx = ctx / torch.bincount(owner, minlength=len(batch)).clamp(min=1).unsqueeze(-1)
    stance_logits, sentiment_logits = model.heads_forward(sent, ctx, has_ctx)
    stance_y = torch.tensor([e["stance"] for e in batch])
    sentiment_y = torch.tensor([e["sentiment"] for e in batch])
    loss = torch.zeros(())
    if (stance_y != IGNORE).any():
        loss = loss + losses["stance"](stance_logits, stance_y)
    if (sentiment_y != IGNORE).any():
        loss = loss + losses["sentiment"](sentiment_logits, sentiment_y)
    for head, logits in (("stance", stance_logits), ("sentiment", sentiment_logits)):
        soft = soft_loss(logits, batch, head)
        if soft is not None:
            loss = loss + distill_weight * soft
    return loss


def evaluate_split(labeller: Labeller, rows) -> dict:
    """Dev/test metrics per head from the labeller's logits (rows with a missing label are skipped)."""
    texts = [r["text"] for r in rows]
    stance_logits, sentiment_logits = labeller.logits(texts, of_rows(rows, labeller.config.context_window))
    out = {}
    for head, logits, labels in (
        ("stance", stance_logits, labeller.config.stance_labels),
        ("sentiment", sentiment_logits, labeller.config.sentiment_labels),
    ):
        keep = [i for i, r in enumerate(rows) if r[head] is not None]
        gold = [labels.index(rows[i][head]) for i in keep]
        out[head] = {"logits": logits[keep], "gold": gold, "labels": list(labels)}
    return out


def dev_scores(model, tokenizer, dev_rows) -> dict:
    model.eval()
    dev = evaluate_split(Labeller(model, tokenizer), dev_rows)
    return {
        h: head_metrics(d["gold"], d["logits"].argmax(-1).tolist(), d["labels"])["macro_f1"] for h, d in dev.items()
    }


def average_states(states: list[dict]) -> dict:
    """Element-wise mean of floating-point weights; other tensors (ids, counters) from the last state."""
    out = {}
    for key, value in states[-1].items():
        out[key] = torch.stack([s[key] for s in states]).mean(0) if value.is_floating_point() else value.clone()
    return out


def training_rows(rows: list[dict], newsmtsc_rows: int, seed: int, written_fraction: float = 1.0) -> list[dict]:
    """The train split with `newsmtsc_rows` NewsMTSC rows in all (training time grows with rows) and
    a seeded `written_fraction` of the team's written rows (whole passages, so context stays real).

    NewsMTSC rows that also carry a stance label (the sentences about negotiation) are all kept; a
    seeded sample of the sentiment-only ones makes up the rest.
    """
    sentiment_only = [r for r in rows if r["source"] == "newsmtsc" and r["stance"] is None]
    kept = [r for r in rows if not (r["source"] == "newsmtsc" and r["stance"] is None)]
    if written_fraction < 1:
        docs = sorted({r["doc_id"] for r in kept if r["origin"] == "written"})
        keep_docs = set(random.Random(seed).sample(docs, round(len(docs) * written_fraction)))
        kept = [r for r in kept if r["origin"] != "written" or r["doc_id"] in keep_docs]
    with_stance = sum(r["source"] == "newsmtsc" for r in kept)
    n = min(max(0, newsmtsc_rows - with_stance), len(sentiment_only))
    return kept + random.Random(seed).sample(sentiment_only, n)


def train(config: TrainConfig) -> Path:
    """Train, select on dev macro-F1 (mean of both heads), calibrate, save. Returns the checkpoint path."""
    set_determinism(config.seed, config.threads)
    corpus = load_corpus(config.source_dir, config.data_dir)
    train_rows = training_rows(list(corpus["train"]), config.newsmtsc_rows, config.seed, config.written_fraction)
    fold = parse_fold(config.fold)
    if fold is not None:  # a teacher for the other folds: it never sees their rows
        train_rows = [r for r in train_rows if fold_of(r, fold[1]) == fold[0]]
        if not train_rows:
            raise ValueError(f"fold {config.fold} holds no train rows")
        tqdm.write(f"fold {config.fold}: {len(train_rows)} train rows")
    if config.extra_train:
        from dovehawk.data import read_jsonl

        extra = read_jsonl(config.extra_train)
        train_rows += [
            {
                "text": r["text"],
                "context": r.get("context") or "",
                "stance": r.get("stance"),
                "sentiment": r.get("sentiment"),
                "source": r.get("source", "extra"),
                "origin": "extra",
                "doc_id": None,
                "position": None,
            }
            for r in extra
        ]
    soft = None
    if config.distill:
        soft, pool_rows = distill_rows(
            config.distill, train_rows, list(corpus["dev"]) + list(corpus["test"]), config.source_dir
        )
        train_rows += pool_rows
        tqdm.write(f"distillation: teacher probabilities for {len(soft)} rows, {len(pool_rows)} of them pool rows")
    if config.max_train_rows:
        train_rows = random.Random(config.seed).sample(train_rows, min(config.max_train_rows, len(train_rows)))
    dev_rows = [r for r in corpus["dev"] if config.select_on == "all" or r["origin"] == "real"]
    if not dev_rows:
        tqdm.write("no real dev rows in this corpus: selecting on all dev rows")
        dev_rows = list(corpus["dev"])

    if config.init_from:  # fine-tune an existing checkpoint (e.g. on a researcher's own labels)
        model = DovehawkModel.load(config.init_from)
        # The architecture and inference settings are the checkpoint's; training owns only its record.
        model_config = copy.deepcopy(model.config)
        model_config.version = config.version
        model_config.int8_fp32_layers = None
        model_config.lora = None  # a LoRA checkpoint loads merged: what trains on is a whole encoder
        model_config.stance_offsets = model_config.sentiment_offsets = None  # fitted for the old weights
        model_config.training = {}
        model.config = model_config
        tokenizer = AutoTokenizer.from_pretrained(config.init_from)
    else:
        model_config = ModelConfig(
            max_length=config.max_length,
            context_window=config.context_window,
            head_hidden=config.head_hidden,
            dropout=config.dropout,
            version=config.version,
            base_model=describe_base(config.base_model),
        )
        model_config.bf16 = config.bf16
        model = DovehawkModel.from_base(config.base_model, model_config, dropout=config.encoder_dropout)
        tokenizer = AutoTokenizer.from_pretrained(config.base_model)
        if config.lora_rank:
            model.add_lora(config.lora_rank, config.lora_alpha, config.encoder_dropout)
    examples = encode_rows(train_rows, tokenizer, model_config, soft)
    losses = {
        head: nn.CrossEntropyLoss(
            weight=class_weights([e[head] for e in examples], n),
            ignore_index=IGNORE,
            label_smoothing=config.label_smoothing,
        )
        for head, n in (("stance", len(model_config.stance_labels)), ("sentiment", len(model_config.sentiment_labels)))
    }
    if config.freeze_embeddings and not config.lora_rank:
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in model.encoder.parameters() if p.requires_grad], "lr": config.lr},
            {"params": head_params, "lr": config.head_lr},
        ],
        weight_decay=config.weight_decay,
    )
    steps_per_epoch = math.ceil(len(examples) / config.batch_size)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = random.Random(config.seed)
    pad_id = tokenizer.pad_token_id or 0

    best, best_state, stale, history, recent = -1.0, None, 0, [], []
    start = time.time()
    for epoch in range(1, config.epochs + 1):
        model.train()
        bar = tqdm(
            batches(examples, config.batch_size, rng),
            desc=f"epoch {epoch}/{config.epochs}",
            unit="batch",
            dynamic_ncols=True,
        )
        running = None
        for batch in bar:
            loss = step_loss(model, [examples[i] for i in batch], pad_id, losses, config.distill_weight)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
            bar.set_postfix(loss=f"{running:.3f}")
        scores = dev_scores(model, tokenizer, dev_rows)
        if config.average_last:
            recent = (recent + [copy.deepcopy(model.state_dict())])[-config.average_last :]
        score = (scores["stance"] + scores["sentiment"]) / 2
        history.append(
            {
                "epoch": epoch,
                "dev_stance_macro_f1": scores["stance"],
                "dev_sentiment_macro_f1": scores["sentiment"],
                "loss": running,
                "minutes": (time.time() - start) / 60,
            }
        )
        tqdm.write(f"epoch {epoch}: dev stance macro-F1 {scores['stance']:.3f}, sentiment {scores['sentiment']:.3f}")
        if score > best:
            best, best_state, stale = score, copy.deepcopy(model.state_dict()), 0
        else:
            stale += 1
            if stale >= config.patience:
                tqdm.write(f"early stop: no dev gain for {stale} epochs")
                break

    if len(recent) > 1:
        model.load_state_dict(average_states(recent))
        scores = dev_scores(model, tokenizer, dev_rows)
        score = (scores["stance"] + scores["sentiment"]) / 2
        first = len(history) - len(recent) + 1
        history.append(
            {
                "epoch": f"average of epochs {first}-{len(history)}",
                "dev_stance_macro_f1": scores["stance"],
                "dev_sentiment_macro_f1": scores["sentiment"],
                "kept": score > best,
                "minutes": (time.time() - start) / 60,
            }
        )
        tqdm.write(
            f"average of epochs {first}-{first + len(recent) - 1}: dev stance macro-F1 {scores['stance']:.3f}, "
            f"sentiment {scores['sentiment']:.3f} ({'kept' if score > best else 'not kept'})"
        )
        if score > best:
            best, best_state = score, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    model.eval()
    dev = evaluate_split(Labeller(model, tokenizer), dev_rows)
    model_config.stance_temperature = fit_temperature(dev["stance"]["logits"], dev["stance"]["gold"])
    model_config.sentiment_temperature = fit_temperature(dev["sentiment"]["logits"], dev["sentiment"]["gold"])
    # The record names the base by package and version, never by this machine's path.
    record = {**config.to_dict(), "base_model": describe_base(config.base_model) if config.base_model else ""}
    if config.init_from:  # the checkpoint started from, by its version (and folder name), not a machine path
        began = json.loads((Path(config.init_from) / "dovehawk_config.json").read_text(encoding="utf-8"))
        record["init_from"] = f"{began.get('version', '')} ({Path(config.init_from).name})"
    if soft:  # the teacher by its version, and the file by its name
        teacher = sorted({r.get("teacher", "") for r in soft.values()})
        record["distill"] = f"{', '.join(teacher)} ({Path(config.distill).name})"
    model_config.training = {
        "config": record,
        "corpus_version": corpus_version(config.data_dir),
        "train_rows": len(examples),
        **({"distill_rows": sum(e["soft"] is not None for e in examples)} if soft else {}),
        "history": history,
        "best_dev_mean_macro_f1": best,
        "minutes": (time.time() - start) / 60,
    }
    out = Path(config.output_dir)
    model.save(out, tokenizer)  # with --lora-rank: the adapter and the heads only
    (out / "train_config.json").write_text(json.dumps(record, indent=2) + "\n")
    if config.int8_select and config.bf16:
        tqdm.write("int8 not selected: a bf16 checkpoint labels in bf16")
    elif config.int8_select:
        from dovehawk.train.int8_selection import record_selection, select_fp32_layers

        layers, table = select_fp32_layers(load_model(out, quantize=False), dev_rows, log=tqdm.write)
        record_selection(out, layers, table)
    print(
        f"saved {out} (best dev mean macro-F1 {best:.3f}; temperatures "
        f"stance {model_config.stance_temperature:.2f}, sentiment {model_config.sentiment_temperature:.2f}; "
        f"{(time.time() - start) / 60:.1f} min)"
    )
    return out
