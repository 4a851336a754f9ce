#!/usr/bin/env python3
"""Our PDF against Typst's, on the same content, measured in one run.

    benches/typst/compare.py

1. Writes the example (and ten times the document) as Typst documents with the
   same words and page design (`cargo run --example typst_fixture`).
2. Times Typst 0.15 (the `typst` package on PyPI) in this process: a fresh
   compile each time, and recompiling with one kept `typst.Compiler` (Typst's
   incremental cache warm), medians of RUNS. Typst makes what we make: a tagged
   PDF declaring PDF/A-3a and PDF/UA-1 (STANDARDS).
3. Runs our criterion benchmark of the same two documents (`cargo bench --bench
   render`) and reads its medians: rendering again in one process with our memos
   warm (as the desktop app does; against Typst recompiling), and fresh, every
   paragraph broken and page compressed anew (against Typst's fresh compile).
4. Measures word spacing of the justified lines of both PDFs (scripts/spacing.py):
   both set text aligned left by default now, so there are few.

Needs: pip install typst; poppler-utils.
"""
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import typst

RUNS = 30
ROOT = pathlib.Path(__file__).resolve().parents[2]
SCALED = 17  # as the render benchmark's "ten times the document"
STANDARDS = ["a-3a", "ua-1"]  # what our PDFs declare


def fixture(times, path):
    typ = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "typst_fixture", "--", str(times)],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    path.write_text(typ)


def median_ms(f, runs):
    f()  # warm: fonts found, caches filled
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def criterion_median_ms(name):
    estimates = ROOT / "target/criterion/render" / name / "new/estimates.json"
    return json.loads(estimates.read_text())["median"]["point_estimate"] / 1e6


def main():
    out = pathlib.Path(tempfile.mkdtemp())
    rows = []
    for label, times, ours in [("full example", 1, "full_example"),
                               ("ten times the document", SCALED, "ten_times_the_pages")]:
        typ = out / f"example-{times}.typ"
        fixture(times, typ)
        pdf = typst.compile(str(typ), pdf_standards=STANDARDS)
        (out / f"typst-{times}.pdf").write_bytes(pdf)
        runs = RUNS if times == 1 else RUNS // 3
        fresh = median_ms(lambda: typst.compile(str(typ), pdf_standards=STANDARDS), runs)
        compiler = typst.Compiler(str(typ))
        warm = median_ms(lambda: compiler.compile(pdf_standards=STANDARDS), runs)
        pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout
        pages = next(l.split()[-1] for l in pages.decode().splitlines() if l.startswith("Pages:"))
        rows.append((label, times, ours, fresh, warm, pages, len(pdf)))

    subprocess.run(["cargo", "bench", "--quiet", "--bench", "render", "--",
                    "^render/(full_example|ten_times_the_pages)(_fresh)?$"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    ours_pdf = out / "ours.pdf"
    subprocess.run(["cargo", "run", "--quiet", "--release", "--bin", "mou", "--", "render",
                    "examples/integrated-care-mou.json", "-o", str(ours_pdf)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**__import__("os").environ, "MOU_DATA_DIR": str(out / "data")})

    print(f"Typst {typst.__version__} against MoU Builder, in process, medians")
    print("| document | ours, again | Typst, recompiling | ratio | ours, fresh | Typst, fresh compile | ratio | Typst pages, size |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, times, ours, fresh, warm, pages, size in rows:
        again = criterion_median_ms(ours)
        first = criterion_median_ms(ours + "_fresh")
        print(f"| {label} | {again:.1f} ms | {warm:.1f} ms | {again / warm:.2f} | "
              f"{first:.1f} ms | {fresh:.1f} ms | {first / fresh:.2f} | "
              f"{pages} pages, {size // 1024} KB |")
    print()
    print("Word spacing of justified lines (scripts/spacing.py):")
    subprocess.run([sys.executable, str(ROOT / "scripts/spacing.py"), str(ours_pdf),
                    str(out / "typst-1.pdf")], check=True)


if __name__ == "__main__":
    main()
