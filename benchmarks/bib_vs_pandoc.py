"""The Chicago bibliography of N records: archcite (cold and warm) against pandoc 3's citeproc.

    PYTHONPATH=src python benchmarks/bib_vs_pandoc.py [--sizes 1000,10000] [--runs 3]

For each size a realistic library is generated (benchmarks/run.py's generator: Latin and Cyrillic
names, dates, holdings with levels or free references, genres), then, each as the median of
``--runs`` runs of a fresh process:

- pandoc: ``pandoc doc.md --citeproc --csl styles/archcite-chicago-bib.csl --bibliography
  records.json -t plain`` with ``nocite: '@*'`` (the records as the library stores them, which is
  CSL-JSON), pandoc from ``pypandoc.get_pandoc_path()``;
- ``archcite bib`` and ``archcite cite KEY... --form bib`` cold: the rendered-string cache deleted
  before each run (the library index is kept: building it is ``list``'s cost, not rendering's);
- the same warm: the cache filled by an earlier run.

Prints seconds, ms per entry and pandoc's time divided by archcite's, with the load average
(the machine may be shared). Plain Python: figures only, no assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import synthetic  # noqa: E402

from archcite.library.bulk import add_many  # noqa: E402
from archcite.library.store import Library  # noqa: E402
from archcite.model.archives import load_registry  # noqa: E402

STYLE = REPO / "styles" / "archcite-chicago-bib.csl"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO / "src") + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("ARCHCITE_LIBRARY", None)
    return e


def timed(cmd: list[str], runs: int, before: object = None) -> tuple[float, list[float], str]:
    """(median seconds, all runs, stdout of the last run); ``before()`` runs before each."""
    times, out = [], ""
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env=env(), check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd[:6])} … failed: {proc.stderr.decode()[-500:]}")
        out = proc.stdout.decode()
    return statistics.median(times), times, out


def drop_cache(lib: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (lib / ".archcite" / f"render.sqlite{suffix}").unlink(missing_ok=True)


def build(n: int, work: Path) -> tuple[Path, Path, list[str]]:
    lib = work / f"lib{n}"
    library = Library(lib, load_registry())
    report = add_many(library, synthetic(n))
    if report.refused:
        raise SystemExit(f"refused: {report.refused[:3]}")
    records = list(library.records())
    data = work / f"records{n}.json"
    data.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    subprocess.run([sys.executable, "-m", "archcite", "--library", str(lib), "list", "--keys"],
                   env=env(), check=True, capture_output=True)  # the index, built once
    return lib, data, [r["id"] for r in records]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    archcite = [sys.executable, "-m", "archcite"]
    floor, _, _ = timed([sys.executable, "-c", "pass"], 5)
    rows = []
    with tempfile.TemporaryDirectory(prefix="archcite-bib-") as tmp:
        work = Path(tmp)
        doc = work / "doc.md"
        doc.write_text("---\nnocite: '@*'\n---\n", "utf-8")
        for n in (int(s) for s in args.sizes.split(",")):
            lib, data, keys = build(n, work)
            base = [*archcite, "--library", str(lib)]
            p_med, p_all, p_out = timed([pandoc, str(doc), "--citeproc", "--csl", str(STYLE),
                                         "--bibliography", str(data), "-t", "plain"], args.runs)
            bib = [*base, "bib"]
            cite = [*base, "cite", *keys, "--form", "bib"]
            c_med, c_all, c_out = timed(bib, args.runs, lambda lib=lib: drop_cache(lib))
            k_med, k_all, k_out = timed(cite, args.runs, lambda lib=lib: drop_cache(lib))
            w_med, w_all, w_out = timed(bib, args.runs)
            kw_med, kw_all, kw_out = timed(cite, args.runs)
            entries = len(c_out.splitlines())
            same = c_out == k_out == w_out == kw_out
            rows.append((n, p_med, c_med, k_med, w_med, kw_med, entries, same,
                         p_out.count("\n\n") + 1, [p_all, c_all, k_all, w_all, kw_all]))
    load = os.getloadavg()
    print(f"\n{version}; python -c pass {floor:.3f} s; {os.cpu_count()} cores; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {args.runs} runs")
    head = (f"{'records':>8} {'what':<38} {'seconds':>8} {'ms/entry':>9} {'pandoc/this':>12}")
    print(head)
    print("-" * len(head))
    for n, p_med, c_med, k_med, w_med, kw_med, entries, same, p_entries, _ in rows:
        for what, t in (("pandoc 3 --citeproc", p_med),
                        ("archcite bib, cold (no cache)", c_med),
                        ("archcite cite KEY... --form bib, cold", k_med),
                        ("archcite bib, warm cache", w_med),
                        ("archcite cite KEY... --form bib, warm", kw_med)):
            print(f"{n:>8} {what:<38} {t:>8.2f} {1000 * t / n:>9.3f} {p_med / t:>11.1f}x")
        print(f"{'':>8} entries: archcite {entries}, pandoc ≈{p_entries}; archcite outputs "
              f"identical cold/warm, bib/cite: {same}")
    print("\nall runs (s):")
    for n, *_, runs in rows:
        names = ("pandoc", "bib cold", "cite cold", "bib warm", "cite warm")
        print(f"{n:>8} " + "; ".join(f"{name} " + " ".join(f"{t:.2f}" for t in ts)
                                     for name, ts in zip(names, runs, strict=True)))


if __name__ == "__main__":
    main()
