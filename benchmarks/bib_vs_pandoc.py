"""The Chicago bibliography of N records: archcite (cold and warm) against pandoc 3's citeproc.

    PYTHONPATH=src python benchmarks/bib_vs_pandoc.py [--sizes 1000,10000] [--runs 3]
        [--compare OTHER_SRC] [--work DIR]

For each size a realistic library is generated (benchmarks/run.py's generator: Latin and Cyrillic
names, dates, holdings with levels or free references, genres), then timed, each as a fresh
process:

- pandoc: ``pandoc doc.md --citeproc --csl styles/archcite-chicago-bib.csl --bibliography
  records.json -t plain`` with ``nocite: '@*'`` (the records as the library stores them, which is
  CSL-JSON), pandoc from ``pypandoc.get_pandoc_path()``;
- ``archcite bib`` and ``archcite cite KEY... --form bib`` cold: the rendered-string cache deleted
  before each run (the library index is kept: building it is ``list``'s cost, not rendering's);
- the same warm: the cache filled by an earlier run.

The machine may be shared, so the runs are interleaved: each round runs every command once, in
turn, and a figure is the median over ``--runs`` rounds; load affects every command alike. The
load average is printed before and after each size. ``--compare OTHER_SRC`` times a second
archcite source tree (e.g. an export of main: ``git archive main | tar -x -C /tmp/before``) in
the same rounds. ``--work DIR`` keeps the generated libraries between invocations. Python's
bytecode is cached in a temporary folder (as an installed archcite has its modules compiled),
even where PYTHONDONTWRITEBYTECODE is set; ``--no-bytecode-cache`` runs as the environment says.

Prints seconds, ms per entry and pandoc's time divided by archcite's, and whether every archcite
output (cold/warm, bib/cite, each source tree) is the same text. Plain Python: figures only.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import synthetic  # noqa: E402

from archcite.library.store import Library  # noqa: E402
from archcite.model.archives import load_registry  # noqa: E402

STYLE = REPO / "styles" / "archcite-chicago-bib.csl"


BYTECODE: dict[str, str] = {}  # set by main(): where compiled modules are cached, if anywhere


def env(src: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(src) + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("ARCHCITE_LIBRARY", None)
    if BYTECODE:
        # As an installed archcite runs (pip compiles the modules on install): the bytecode is
        # cached outside the source trees, whatever PYTHONDONTWRITEBYTECODE says.
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        e["PYTHONPYCACHEPREFIX"] = BYTECODE["prefix"]
    return e


def run_once(cmd: list[str], src: Path) -> tuple[float, str]:
    """(seconds, stdout) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env(src), check=False)
    took = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:6])} … failed: {proc.stderr.decode()[-500:]}")
    return took, proc.stdout.decode()


def drop_cache(lib: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (lib / ".archcite" / f"render.sqlite{suffix}").unlink(missing_ok=True)


def build(n: int, work: Path) -> tuple[Path, Path, list[str]]:
    lib = work / f"lib{n}"
    data = work / f"records{n}.json"
    if not (lib.is_dir() and data.is_file()):
        library = Library(lib, load_registry())
        report = library.add_many(synthetic(n))
        if report.refused:
            raise SystemExit(f"refused: {report.refused[:3]}")
        data.write_text(json.dumps(list(library.records()), ensure_ascii=False), "utf-8")
    records = json.loads(data.read_text("utf-8"))
    subprocess.run([sys.executable, "-m", "archcite", "--library", str(lib), "list", "--keys"],
                   env=env(REPO / "src"), check=True, capture_output=True)  # the index
    return lib, data, [r["id"] for r in records]


class Job:
    """One timed command: its runs, and the output of its last run."""

    def __init__(self, name: str, cmd: list[str], src: Path,
                 before: Callable[[], None] | None = None) -> None:
        self.name, self.cmd, self.src, self.before = name, cmd, src, before
        self.times: list[float] = []
        self.out = ""

    def run(self) -> None:
        if self.before is not None:
            self.before()
        took, self.out = run_once(self.cmd, self.src)
        self.times.append(took)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", type=Path, default=None,
                        help="another archcite source tree (its src folder) to time alongside")
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the generated libraries in this folder")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run as the environment says (PYTHONDONTWRITEBYTECODE=1 compiles "
                             "every module on every run); default: cache bytecode in a temp "
                             "folder, as an installed archcite has it")
    args = parser.parse_args()
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    archcite = [sys.executable, "-m", "archcite"]
    trees = [("", REPO / "src")]
    if args.compare is not None:
        trees.append((" [compare]", args.compare.resolve()))
    results = []
    with tempfile.TemporaryDirectory(prefix="archcite-bib-") as tmp:
        if not args.no_bytecode_cache:
            BYTECODE["prefix"] = str(Path(tmp) / "pycache")
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        doc = work / "doc.md"
        doc.write_text("---\nnocite: '@*'\n---\n", "utf-8")
        floor = statistics.median(run_once([sys.executable, "-c", "pass"], REPO)[0]
                                  for _ in range(5))
        for n in (int(s) for s in args.sizes.split(",")):
            lib, data, keys = build(n, work)
            load_before = load()
            cold: list[Job] = [Job("pandoc 3 --citeproc", [
                pandoc, str(doc), "--citeproc", "--csl", str(STYLE), "--bibliography",
                str(data), "-t", "plain"], REPO)]
            warm: list[Job] = []
            for label, src in trees:
                base = [*archcite, "--library", str(lib)]
                bib, cite = [*base, "bib"], [*base, "cite", *keys, "--form", "bib"]
                drop = functools.partial(drop_cache, lib)
                cold += [Job(f"archcite bib, cold{label}", bib, src, drop),
                         Job(f"archcite cite --form bib, cold{label}", cite, src, drop)]
                warm += [Job(f"archcite bib, warm{label}", bib, src),
                         Job(f"archcite cite --form bib, warm{label}", cite, src)]
            for _label, src in trees:  # one untimed run each: bytecode, disk cache
                drop_cache(lib)
                run_once([*archcite, "--library", str(lib), "bib"], src)
            for _ in range(args.runs):  # interleaved rounds
                for job in cold:
                    job.run()
            for _label, src in trees:  # fill the cache with each tree's own renderer
                drop_cache(lib)
                run_once([*archcite, "--library", str(lib), "bib"], src)
                for job in warm:
                    if job.src == src:
                        job.run()
            for _ in range(args.runs - 1):
                for job in warm:
                    job.run()
            jobs = cold + warm
            outs = {job.out for job in jobs[1:]}
            results.append((n, jobs, len(jobs[1].out.splitlines()),
                            jobs[0].out.count("\n\n") + 1, len(outs) == 1, load_before, load()))
    bytecode = ("no bytecode cache (as the environment says)" if args.no_bytecode_cache
                else "bytecode cached (as installed)")
    print(f"\n{version}; python -c pass {floor:.3f} s; {os.cpu_count()} cores; {bytecode}; "
          f"interleaved, median of {args.runs} runs")
    head = f"{'records':>8} {'what':<46} {'seconds':>8} {'ms/entry':>9} {'pandoc/this':>12}"
    print(head)
    print("-" * len(head))
    for n, jobs, entries, p_entries, same, load_a, load_b in results:
        pandoc_t = jobs[0].median
        for job in jobs:
            t = job.median
            print(f"{n:>8} {job.name:<46} {t:>8.2f} {1000 * t / n:>9.3f} {pandoc_t / t:>11.1f}x")
        print(f"{'':>8} entries: archcite {entries}, pandoc ≈{p_entries}; every archcite output "
              f"identical: {same}; load average before {load_a}, after {load_b}")
    print("\nall runs (s):")
    for n, jobs, *_ in results:
        for job in jobs:
            print(f"{n:>8} {job.name:<46} " + " ".join(f"{t:.2f}" for t in job.times))


if __name__ == "__main__":
    main()
