"""Agreement PDF benchmark: warm and cold render time, size, and the ratio against LibreOffice docx→pdf.

Run: python -m bench.bench_documents  (or python bench/bench_documents.py from the repository root)
Targets (issue 6): warm < 100 ms, cold incl. font registration < 600 ms, 2-page agreement < 150 KB.
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


def cold(rare: bool, runs: int = 5) -> dict[str, float]:
    results = []
    env = {**os.environ, "PYTHONPATH": str(REPO)}
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
            f"cold, {label}: fonts {c['fonts'] * 1000:.0f} ms + first render {c['render'] * 1000:.0f} ms = "
            f"{c['first_render_total'] * 1000:.0f} ms wall, {c['first_render_cpu'] * 1000:.0f} ms CPU "
            f"(target < 600 ms); import {c['import'] * 1000:.0f} ms"
        )
    print(libreoffice_ratio(median))


if __name__ == "__main__":
    main()
