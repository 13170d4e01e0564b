"""Amplification: small gzip bodies that expand to megabytes of tiny JSON values, many at once."""

from __future__ import annotations

import ast
import gzip
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from desktop.sync import protocol
from tests.county.helpers import County, Device, assert_error

ROOT = Path(__file__).resolve().parents[2]
# 8 KiB of gzip expanding to 8 MiB (just under MAX_BODY_BYTES) of 2.8 million empty lists.
_ITEMS = b"[]," * ((protocol.MAX_BODY_BYTES - 64) // 3)
BOMB = gzip.compress(b'{"ops":[' + _ITEMS + b"[{}]]}", compresslevel=9)


def test_bomb_is_small_and_expands_to_millions_of_values() -> None:
    assert len(BOMB) < 16 * 1024
    body = gzip.decompress(BOMB)
    assert 7 * 1024 * 1024 < len(body) <= protocol.MAX_BODY_BYTES
    assert body.count(b",") > 2_000_000


@pytest.mark.slow  # 5 s of eight attacking connections per backend, and a latency bound: run alone
def test_health_stays_fast_while_eight_bombs_are_parsed(county: County, fuzz_device: Device) -> None:
    """8 connections post the bomb over and over for 5 s (from another process, as real attackers do);
    meanwhile /health answers in under 50 ms (median and 90th percentile)."""
    health = requests.Session()
    health.get(fuzz_device.base + "/health", timeout=10)
    attack = subprocess.Popen(
        [sys.executable, "-m", "tests.county.attack", "bomb", fuzz_device.base, fuzz_device.token, "8", "5"],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    try:
        time.sleep(1.5)  # the attackers' interpreter starts and the attack is under way
        latencies = []
        until = time.monotonic() + 3
        while time.monotonic() < until:
            started = time.perf_counter()
            assert health.get(fuzz_device.base + "/health", timeout=10).status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
        out, _ = attack.communicate(timeout=60)
    finally:
        attack.kill()
    answers = ast.literal_eval(out.strip())
    assert set(answers) == {413} and answers[413] >= 8, answers
    latencies.sort()
    p90 = latencies[int(len(latencies) * 0.9)]
    assert statistics.median(latencies) < 0.05 and p90 < 0.05, (statistics.median(latencies), p90)
    resp = fuzz_device.post(
        "/push", data=BOMB, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    assert_error(resp, 413, "payload_too_large")
