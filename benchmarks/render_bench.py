"""Rendering speed of archcite's styles through citeproc-py: ms per note and per entry.

Plain Python, prints figures (no assertions). Run from a checkout:

    PYTHONPATH=src python benchmarks/render_bench.py [N]

Generates N synthetic archival records (Latin and Cyrillic names, letters/telegrams,
manuscripts, books; one to three holdings each), then times, as the median of several runs:
the first style load (parse, cached afterwards), full notes, short notes with a pinpoint,
Chicago bibliography entries (sorted), MLA works-cited entries and MLA in-text citations.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from timing import median_time  # benchmarks/timing.py (this script's folder is on sys.path)

from archcite.model.archives import default_registry
from archcite.model.record import derive_archive_fields
from archcite.render.engine import render
from archcite.render.styles import load_style, resolve_style

SENDERS = ["Filippov [Stalin]", "V. M. Molotov", "Kim Il Sung", "Zhou Enlai", "A. Vyshinskii",
           "Иванов И.", "Громыко А. А.", "Mátyás Rákosi", "Terentii Shtykov"]
RECIPIENTS = ["Mao Zedong", "Stalin", "USSR Foreign Ministry", "Kim Il Sung", "Молотов В. М."]
GENRES = ["ciphered telegram", "letter", "cable", "telegram"]
ARCHIVES = [("APRF", "45", "1"), ("AVPRF", "059a", "5a"), ("RGASPI", "558", "11"),
            ("GARF", "5446", "120"), ("RGANI", "5", "30")]


def synthetic(n: int, seed: int = 1951) -> list[dict[str, Any]]:
    """``n`` realistic records, valid and with derived archive fields."""
    rnd = random.Random(seed)
    registry = default_registry()
    out = []
    for i in range(n):
        holdings = []
        for archive, fond, opis in rnd.sample(ARCHIVES, rnd.randint(1, 3)):
            first = rnd.randint(1, 300)
            holdings.append({"archive": archive, "levels": [
                ["fond", fond], ["opis", opis], ["delo", str(rnd.randint(1, 900))],
                ["listy", f"{first}-{first + rnd.randint(1, 9)}"]]})
        kind = rnd.random()
        date = [rnd.randint(1945, 1991), rnd.randint(1, 12), rnd.randint(1, 28)][
            : rnd.choice([1, 2, 3, 3, 3])]
        record: dict[str, Any] = {
            "id": f"rec{i}", "issued": {"date-parts": [date]},
            "source": "History and Public Policy Program Digital Archive",
            "publisher": "Wilson Center",
            "URL": f"https://digitalarchive.wilsoncenter.org/document/{100000 + i}",
            "custom": {"holdings": holdings},
        }
        if kind < 0.6:
            record.update(type="personal_communication", genre=rnd.choice(GENRES),
                          title="Telegram", author=[{"literal": rnd.choice(SENDERS)}],
                          recipient=[{"literal": rnd.choice(RECIPIENTS)}])
        elif kind < 0.9:
            record.update(type="manuscript",
                          title=f"Record of Conversation No. {i} on the Korean question")
            if rnd.random() < 0.5:
                record["author"] = [{"literal": rnd.choice(SENDERS)}]
        else:
            record = {"id": f"rec{i}", "type": "book", "title": f"Cold War Documents {i}",
                      "author": [{"family": "Radchenko", "given": "Sergey"}],
                      "publisher": "Stanford University Press",
                      "issued": {"date-parts": [[rnd.randint(1990, 2024)]]}}
        if rnd.random() < 0.3:
            record["translator"] = [{"given": "Gary", "family": "Goldberg"}]
        out.append(derive_archive_fields(record, registry))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    records = synthetic(n)
    registry = default_registry()

    start = time.perf_counter()
    import citeproc  # noqa: F401

    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for style, form in (("chicago", "note"), ("chicago", "bib"), ("mla", "bib")):
        load_style(resolve_style(style, form))
    load_ms = (time.perf_counter() - start) * 1000

    cases = [
        ("Chicago full note", "chicago", "note", None),
        ("Chicago short note + l. 95", "chicago", "short", "l. 95"),
        ("Chicago bibliography (sorted)", "chicago", "bib", None),
        ("MLA works cited (sorted)", "mla", "bib", None),
        ("MLA in-text + l. 95", "mla", "intext", "l. 95"),
    ]
    print(f"archcite render benchmark: {n} records, citeproc-py, median of 5 runs")
    print(f"  import citeproc (lxml):      {import_ms:8.1f} ms (once per process)")
    print(f"  parse 3 archcite styles:     {load_ms:8.1f} ms (once per process, cached)")
    print(f"  {'case':<30} {'total s':>9} {'ms/item':>9}")
    for label, style, form, locator in cases:
        seconds = median_time(lambda s=style, f=form, loc=locator: render(
            records, style=s, form=f, locator=loc, registry=registry))
        print(f"  {label:<30} {seconds:9.3f} {seconds * 1000 / n:9.3f}")
    html = median_time(lambda: render(records, style="chicago", form="note", fmt="html",
                                      registry=registry))
    print(f"  {'Chicago full note (html)':<30} {html:9.3f} {html * 1000 / n:9.3f}")


if __name__ == "__main__":
    main()
