"""Attack clients in a process of their own (as real attackers are): python -m tests.county.attack KIND URL TOKEN N SECONDS.

KIND "bomb": N threads post the amplification body to /push over and over; prints the status codes seen.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter

import requests

from desktop.sync.protocol import PROTOCOL_VERSION, VERSION_HEADER


def bomb(url: str, token: str, n: int, seconds: float) -> Counter[int]:
    from tests.county.test_amplification import BOMB

    seen: Counter[int] = Counter()
    until = time.monotonic() + seconds

    def attack() -> None:
        session = requests.Session()
        session.headers.update({VERSION_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {token}"})
        while time.monotonic() < until:
            resp = session.post(
                url + "/push",
                data=BOMB,
                headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
                timeout=60,
            )
            seen[resp.status_code] += 1

    threads = [threading.Thread(target=attack) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


if __name__ == "__main__":
    kind, url, token, n, seconds = sys.argv[1:6]
    assert kind == "bomb"
    print(dict(bomb(url, token, int(n), float(seconds))))
