"""The check that decides whether a bf16 checkpoint labels in bf16 or fp32 on this CPU."""

import time

import torch

from dovehawk.model import modeling


def test_the_environment_decides_when_set(monkeypatch):
    monkeypatch.setattr(modeling, "_NATIVE_BF16", None)
    monkeypatch.setenv("DOVEHAWK_BF16", "0")
    assert modeling.native_bf16() is False
    monkeypatch.setenv("DOVEHAWK_BF16", "1")
    assert modeling.native_bf16() is True


def test_a_slow_start_of_the_process_does_not_count_against_bf16(monkeypatch):
    """The process's first products are slow (the thread pool starting): both dtypes are warmed up
    before either is timed, and the fastest of three products counts, so equally fast products
    read as native bf16 however slow the first two are."""
    monkeypatch.delenv("DOVEHAWK_BF16", raising=False)
    monkeypatch.setattr(modeling, "_NATIVE_BF16", None)
    calls = []

    def product(a, b):
        calls.append(a.dtype)
        time.sleep(0.05 if len(calls) <= 2 else 0.002)  # the first two far slower than the rest
        return a

    monkeypatch.setattr(torch.Tensor, "__matmul__", product)
    assert modeling.native_bf16() is True
    assert set(calls[:2]) == {torch.float32, torch.bfloat16}  # the warm-up covers both
