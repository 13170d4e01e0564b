"""Agreement PDF benchmark: cold CLI print, first and later in-process renders, size, LibreOffice ratio.

Run: python -m bench.bench_documents  (or python bench/bench_documents.py from the repository root)
Targets (issue 14): a cold `township-desk print agreement` < 1 s, the first render in a process
(fonts included, Extension-B fallback face loaded) < 300 ms, later renders < 100 ms; 2-page
agreement < 150 KB. Cold runs are measured with the parsed-font cache filled (the normal case
after the first start or `fonts.warm_up()`) and with it empty (the very first start).
The machine is shared: CPU times are printed beside wall times, with the load average.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COLD_SCRIPT = """
import json, time
t0 = time.perf_counter()
from desktop.documents import render, samples
from desktop.documents.fonts import get_fonts
t1 = time.perf_counter()
from dataclasses import replace
plain = (replace(samples.APPLICANT, name="张明"), samples.RESPONDENT,
         replace(samples.COMPANY, name="辽源市宏达建筑有限公司", representative="王磊"))
doc = samples.agreement() if {rare} else samples.agreement(parties=plain)
c1 = time.process_time()
get_fonts()
t2 = time.perf_counter()
pdf = render(doc)
t3 = time.perf_counter()
c3 = time.process_time()
print(json.dumps({{"import": t1 - t0, "fonts": t2 - t1, "render": t3 - t2, "first_render_total": t3 - t1,
                  "first_render_cpu": c3 - c1}}))
"""


def _child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child: bytecode is written and read as on an installed PC (a shell with
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile ~50 modules from source in every cold run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def cold(rare: bool, runs: int = 5, cache: str | None = None) -> dict[str, float]:
    results = []
    env = _child_env(PYTHONPATH=str(REPO))
    if cache is not None:
        env["TOWNSHIP_DESK_FONT_CACHE"] = cache
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT.format(rare=rare)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(out))
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def warm(runs: int = 30) -> tuple[float, float, int, int]:
    import pypdf

    from desktop.documents import render, samples

    doc = samples.agreement()
    render(doc)
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        pdf = render(doc)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return statistics.median(times), statistics.median(cpu), len(pdf), pages


def libreoffice_ratio(warm_seconds: float) -> str:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe is None:
        return "LibreOffice is not installed on this machine: no docx→pdf comparison"
    try:
        import docx  # type: ignore[import-not-found]  # python-docx is optional, only for this comparison
    except ImportError:
        return f"LibreOffice found ({exe}) but python-docx is not installed: no comparison"
    from desktop.documents import samples

    doc = samples.agreement()
    d = docx.Document()
    d.add_heading("人民调解协议书", 0)
    for term in doc.terms:
        d.add_paragraph(term)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "a.docx"
        d.save(src)
        t = time.perf_counter()
        subprocess.run(
            [exe, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        lo = time.perf_counter() - t
    return f"LibreOffice docx→pdf {lo * 1000:.0f} ms = {lo / warm_seconds:.0f}× the warm render"


KEYRING_SCRIPT = """
import json, time
c = time.process_time()
import keyring.core
try:
    {body}
except Exception:  # no Secret Service session on this machine: the import and the connection attempt are paid
    pass
print(json.dumps(time.process_time() - c))
"""


def keyring_lookup(runs: int = 5) -> dict[str, float]:
    """CPU seconds (in a new process, interpreter start excluded) of choosing the OS key store: keyring's own
    entry-point scan (`get_keyring`) and loading the pinned Secret Service class (`keys.os_store` after the
    first use). Where no store runs (this machine) the D-Bus call itself is not included."""
    bodies = {"scan": "keyring.core.get_keyring()",
              "pinned": "keyring.core.load_keyring('keyring.backends.SecretService.Keyring')"}
    out = {}
    for name, body in bodies.items():
        times = [float(subprocess.run([sys.executable, "-c", KEYRING_SCRIPT.format(body=body)], env=_child_env(),
                                      capture_output=True, text=True, check=True).stdout) for _ in range(runs)]
        out[name] = statistics.median(times)
    return out


def cold_cli(runs: int = 5) -> dict[str, float]:
    """Medians of `township-desk print agreement` in a new process on a 200-case demo database, wall and
    CPU (user + sys) seconds, in two key modes:
    - "wrapped": the account's password unwraps the database key (one scrypt), as on a PC without an OS key
      store (this machine);
    - "given": the key arrives on stdin (TOWNSHIP_DESK_KEY_FROM_STDIN, the GUI's child processes): everything
      a cold print does except getting the key; with the OS key store add `keyring_lookup()["pinned"]`.
    Also the CPU of one password unlock (`keys.unlock`) in this process."""
    exe = Path(sys.executable).with_name("township-desk")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        base = [str(exe), "--data-dir", str(data)]
        subprocess.run([*base, "setup", "--committee-name", "示范镇人民调解委员会", "--center-name", "示范镇社会治理服务中心",
                        "--township-code", "220402"], check=True, capture_output=True)
        from bench.bench_db import BENCH_USER
        from desktop.db import cipher, keys

        subprocess.run([*base, "user", "add", "bench", "--name", "压测员", "--role", "admin", "--password",
                        BENCH_USER["TOWNSHIP_DESK_PASSWORD"]], check=True, capture_output=True)
        os.environ.update(BENCH_USER)  # the bench account's password unlocks the database key (children too)
        subprocess.run([*base, "demo-data", "--cases", "200"], check=True, capture_output=True)
        unlock = []
        for _ in range(3):
            keys.forget(data)
            c = time.process_time()
            key = keys.unlock(data, BENCH_USER["TOWNSHIP_DESK_USER"], BENCH_USER["TOWNSHIP_DESK_PASSWORD"])
            unlock.append(time.process_time() - c)
        conn = cipher.connect(data / "township.sqlite3")
        number = conn.execute("SELECT number FROM agreements WHERE oral = 0 LIMIT 1").fetchone()[0]
        conn.close()
        result = {"unlock_cpu": statistics.median(unlock)}
        modes = {"wrapped": (_child_env(), None),
                 "given": (_child_env(TOWNSHIP_DESK_KEY_FROM_STDIN="1"), key.hex() + "\n")}
        for mode, (env, stdin) in modes.items():
            walls, cpus = [], []
            for _ in range(runs + 1):  # the first run fills the font cache (and bytecode), like the first start
                before = os.times()
                t = time.perf_counter()
                subprocess.run([*base, "print", "agreement", number, "--out", str(Path(tmp) / "a.pdf")], check=True,
                               capture_output=True, env=env, input=stdin, text=True)
                walls.append(time.perf_counter() - t)
                after = os.times()
                cpus.append(after.children_user - before.children_user + after.children_system - before.children_system)
            result[f"{mode}_wall"] = statistics.median(walls[1:])
            result[f"{mode}_cpu"] = statistics.median(cpus[1:])
    return result


def main() -> None:
    from reportlab import Version

    from desktop.documents.fonts import get_fonts

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"reportlab {Version}, load average {os.getloadavg()[0]:.1f}"
    )
    plan = get_fonts().plan
    print(
        f"fonts: body {plan.body.family} ({plan.body.path}), fallbacks {[f.family for f in plan.fallbacks]}"
    )
    median, cpu, size, pages = warm()
    print(
        f"warm render, agreement ({pages} pages): median {median * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU "
        f"(target < 100 ms)"
    )
    print(f"size: {size / 1024:.1f} KB for {pages} pages (target < 150 KB)")
    for rare in (True, False):
        c = cold(rare)
        label = "with Extension B names (loads HanaMinB)" if rare else "BMP names only"
        print(
            f"first render in a new process, {label}, font cache filled: fonts {c['fonts'] * 1000:.0f} ms + "
            f"render {c['render'] * 1000:.0f} ms = {c['first_render_total'] * 1000:.0f} ms wall, "
            f"{c['first_render_cpu'] * 1000:.0f} ms CPU (target < 300 ms); import {c['import'] * 1000:.0f} ms"
        )
    c = cold(True, runs=3, cache="")
    print(
        f"first render in a new process, Extension B names, no font cache (very first start): "
        f"{c['first_render_total'] * 1000:.0f} ms wall, {c['first_render_cpu'] * 1000:.0f} ms CPU"
    )
    cli = cold_cli()
    ring = keyring_lookup()
    print(f"cold `township-desk print agreement` (new process, 200-case demo database, target < 1 s), medians of 5: "
          f"wrapped key (password unlock, one scrypt of {cli['unlock_cpu'] * 1000:.0f} ms CPU): "
          f"{cli['wrapped_wall'] * 1000:.0f} ms wall, {cli['wrapped_cpu'] * 1000:.0f} ms CPU; key given on stdin "
          f"(no unlock): {cli['given_wall'] * 1000:.0f} ms wall, {cli['given_cpu'] * 1000:.0f} ms CPU")
    print(f"OS key store choice, CPU in a new process: keyring's scan {ring['scan'] * 1000:.0f} ms, pinned Secret "
          f"Service class {ring['pinned'] * 1000:.0f} ms (no D-Bus round trip here); OS-store mode ≈ key-given + pinned")
    print(f"load average after the runs {os.getloadavg()[0]:.1f}")
    print(libreoffice_ratio(median))


if __name__ == "__main__":
    main()
