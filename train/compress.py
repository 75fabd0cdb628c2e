"""Store a fully fine-tuned checkpoint as a small one over its installed base encoder.

A full fine-tune of all-mpnet-base-v2 is a few hundred MB, too large to commit. Its change to each
linear layer of the base is kept as a rank-R truncated SVD, written in the LoRA form the accurate
model's loader reads (`lora_A` = sqrt(S) Vh, `lora_B` = U sqrt(S), alpha = R, so their product is
the change itself). Every other encoder weight that the fine-tune changed (biases, layer norms,
position and relative-attention embeddings) is stored whole; weights it left alone (the frozen word
embeddings) come from the base at load time, and the heads and config are kept as they are.

    python -m dovehawk.train.compress runs/t28 --rank 64 --out runs/acc-b-64 [--version NAME]
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
from pathlib import Path

import torch

PEFT_PREFIX = "base_model.model."


def plain_name(peft_name: str) -> str:
    """`encoder.base_model.model.encoder.layer.0...` -> `encoder.encoder.layer.0...` (no peft wrapper)."""
    return peft_name.replace(PEFT_PREFIX, "", 1).replace(".base_layer", "")


def low_rank(change: torch.Tensor, rank: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(A, B) with B @ A the best rank-`rank` approximation of `change` (out x in)."""
    u, s, vh = torch.linalg.svd(change.double(), full_matrices=False)
    root = s[:rank].sqrt()
    return (root.unsqueeze(1) * vh[:rank]).float(), (u[:, :rank] * root).float()


def compress(tuned, base_folder: str | os.PathLike, rank: int, version: str | None = None):
    """A LoRA-form `DovehawkModel` holding `tuned`'s encoder as its base plus rank-`rank` changes,
    and the names of the encoder weights to store whole. Returns (model, whole, kept), `kept` being
    the share of the linear layers' change (Frobenius norm squared) the rank keeps."""
    from peft.tuners.lora import LoraLayer

    from dovehawk.model.modeling import DovehawkModel

    if tuned.config.lora:
        raise ValueError("the checkpoint is already an adapter: compress a full fine-tune")
    if rank < 1:
        raise ValueError("--rank must be at least 1")
    config = copy.deepcopy(tuned.config)
    config.lora = None
    if version:
        config.version = version
    model = DovehawkModel.from_base(base_folder, config)
    base_state = {f"encoder.{k}": v for k, v in model.encoder.state_dict().items()}
    model.add_lora(rank, float(rank))  # alpha = rank: B @ A is the change itself
    tuned_state = tuned.state_dict()
    own = model.state_dict()
    total = kept = 0.0
    whole = []
    with torch.no_grad():
        for name, module in model.named_modules():
            if not isinstance(module, LoraLayer):
                continue
            weight = plain_name(f"{name}.weight")
            change = tuned_state[weight].float() - base_state[weight].float()
            a, b = low_rank(change, min(rank, min(change.shape)))
            module.lora_A["default"].weight.zero_()[: a.shape[0]] = a
            module.lora_B["default"].weight.zero_()[:, : b.shape[1]] = b
            total += float(change.pow(2).sum())
            kept += float((b @ a).pow(2).sum())
        low_rank_names = {plain_name(f"{n}.weight") for n, m in model.named_modules() if isinstance(m, LoraLayer)}
        for name, value in own.items():
            if "lora_" in name or not name.startswith("encoder."):
                continue
            plain = plain_name(name)
            if plain in low_rank_names or plain not in tuned_state:
                continue
            # a checkpoint stored in fp16 differs from the base by rounding where it never trained
            if not torch.equal(tuned_state[plain].half(), base_state[plain].half()):
                value.copy_(tuned_state[plain])
                whole.append(name)
        for name, value in tuned_state.items():
            if not name.startswith("encoder."):
                own[name].copy_(value)  # the heads
    return model, whole, kept / total if total else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dovehawk.train.compress", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", help="a fully fine-tuned dovehawk checkpoint (e.g. runs/t28)")
    parser.add_argument("--rank", type=int, default=64, help="rank of each linear layer's change (default 64)")
    parser.add_argument("--out", required=True, help="folder for the small checkpoint (must not exist)")
    parser.add_argument("--base", help="the base encoder's folder (default: the checkpoint's base_model record)")
    parser.add_argument("--version", help="version name of the small checkpoint (default: the checkpoint's)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoTokenizer

    from dovehawk.model.bases import find_base
    from dovehawk.model.modeling import DovehawkModel

    out = Path(args.out)
    if out.exists():
        print(f"error: {out} exists; give a new folder", file=sys.stderr)
        return 2
    try:
        tuned = DovehawkModel.load(args.checkpoint)
        base = args.base or find_base(tuned.config.base_model)
        model, whole, kept = compress(tuned, base, args.rank, args.version)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    model.config.training = {
        **tuned.config.training,
        "compressed": {"from": str(args.checkpoint), "rank": args.rank, "change_kept": round(kept, 4)},
    }
    model.save(out, AutoTokenizer.from_pretrained(args.checkpoint), whole=whole)
    recipe = Path(args.checkpoint) / "train_config.json"
    if recipe.is_file():  # how the fine-tune was trained, kept with what it became
        shutil.copyfile(recipe, out / recipe.name)
    size, full = ((p / "model.safetensors").stat().st_size / 1e6 for p in (out, Path(args.checkpoint)))
    print(
        f"wrote {out}: rank {args.rank}, {kept:.1%} of the linear layers' change kept, "
        f"{len(whole)} other encoder weights stored whole, {size:.1f} MB (the fine-tune: {full:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
