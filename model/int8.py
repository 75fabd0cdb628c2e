"""The int8 encoder: ONNX Runtime dynamic quantisation, with chosen layers kept in fp32.

The encoder is exported to ONNX once per checkpoint and cached (`$DOVEHAWK_CACHE`, default
`~/.cache/dovehawk`); its linear layers get int8 weights (per output channel) and int8 activations
quantised per batch, except the feed-forward output projections of the layers listed in the
checkpoint's `int8_fp32_layers`. Those are the most sensitive to quantisation (their inputs, GELU
outputs, have outlier channels); `select_fp32_layers` picks the fewest of them that keep the int8
labels in agreement with fp32 on the dev split (see `dovehawk.train.int8_selection`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch

AGREEMENT_BAR = 0.98  # share of dev labels, per head, that int8 must share with fp32


def cache_dir() -> Path:
    return Path(os.environ.get("DOVEHAWK_CACHE") or Path.home() / ".cache" / "dovehawk")


class _Encoder(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


def _fingerprint(model, fp32_layers: list[int]) -> str:
    import onnxruntime

    digest = hashlib.sha256()
    for name, tensor in model.encoder.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().to(torch.float32).contiguous().numpy().tobytes())
    digest.update(f"{sorted(fp32_layers)}|ort{onnxruntime.__version__}|torch{torch.__version__}|v1".encode())
    return digest.hexdigest()[:20]


def export_fp32(model, path: Path) -> None:
    """Export the encoder (token ids + mask -> mean-pooled sentence vector) to ONNX."""
    ids = torch.ones((2, 8), dtype=torch.long)
    with warnings.catch_warnings():  # the TorchScript exporter announces its deprecation
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Encoder(model).eval(),
            (ids, torch.ones_like(ids)),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["vector"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "vector": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def quantize_file(src: Path, dst: Path, fp32_layers: list[int]) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src)).graph
    keep = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul" and any(f"layer.{k}/output/dense/" in n.name for k in fp32_layers)
    ]
    if len(keep) != len(fp32_layers):
        raise RuntimeError(f"found {len(keep)} feed-forward outputs for fp32 layers {fp32_layers} in the ONNX graph")
    # ONNX Runtime advises pre-processing through the root logger on every call; it is advice for
    # static quantisation, and a user's first labelling run should not print it. A handler of our
    # own keeps the call from configuring the root logger for the rest of the run.
    quiet, before = logging.NullHandler(), logging.root.manager.disable
    logging.getLogger().addHandler(quiet)
    logging.disable(max(before, logging.WARNING))
    try:
        quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep)
    finally:
        logging.disable(before)
        logging.getLogger().removeHandler(quiet)


def int8_encoder_file(model, fp32_layers: list[int]) -> Path:
    """The cached quantised encoder for this model's weights, built on first use."""
    target = cache_dir() / f"encoder-{_fingerprint(model, fp32_layers)}.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        export_fp32(model, fp32)
        quantize_file(fp32, int8, fp32_layers)
        os.replace(int8, target)  # atomic: a concurrent process sees a whole file or none
    return target


class Int8Encoder:
    """Callable like `DovehawkModel.encode` (torch tensors in and out), run by ONNX Runtime."""

    def __init__(self, model, fp32_layers: list[int], threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or torch.get_num_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(int8_encoder_file(model, fp32_layers)), options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        feed = {
            "input_ids": input_ids.numpy().astype(np.int64),
            "attention_mask": attention_mask.numpy().astype(np.int64),
        }
        return torch.from_numpy(self.session.run(None, feed)[0])
