"""Export 10,000 synthetic records to BibLaTeX: archcite vs ``pandoc -f csljson -t biblatex``.

Plain Python, prints figures (no assertions). Both sides start from the same CSL-JSON file:
archcite parses it and exports in-process (the cost of ``export_records``), and, separately,
the whole ``archcite export`` command runs on a library folder of the same records (reading and
validating 10,000 record files included). pandoc comes from pypandoc-binary.

    PYTHONPATH=src python benchmarks/export_bench.py [N]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from timing import median_time  # benchmarks/timing.py (this script's folder is on sys.path)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # a source checkout

from archcite.formats.export import export_records
from archcite.library.store import Library
from archcite.model.archives import default_registry
from archcite.model.record import dumps_record

SENDERS = ["Filippov [Stalin]", "Molotov", "Mikoyan", "Szalontai Balázs", "Gomułka",
           "Лотман", "Громыко", "Zhou Enlai", "Kim Il Sung", "Ulbricht", "Dej", "Rezső Nyers"]
RECIPIENTS = ["Mao Zedong", "Kim Il Sung", "USSR Foreign Ministry", "Chervonenko", "Tito",
              "Хрущёв", "Rákosi Mátyás", "Bierut"]
GENRES = ["ciphered telegram", "cable", "letter", "memorandum of conversation", "report"]
ARCHIVES = ["APRF", "AVPRF", "RGASPI", "RGANI", "GARF"]


def synthetic(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` varied records (Latin and Cyrillic names, one to three holdings)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        genre = rnd.choice(GENRES)
        letter = genre in ("ciphered telegram", "cable", "letter")
        sender, recipient = rnd.choice(SENDERS), rnd.choice(RECIPIENTS)
        holdings = []
        for _ in range(rnd.randint(1, 3)):
            a = rnd.randint(1, 300)
            holdings.append({"archive": rnd.choice(ARCHIVES), "levels": [
                ["fond", str(rnd.randint(1, 99))], ["opis", str(rnd.randint(1, 20))],
                ["delo", str(rnd.randint(1, 900))], ["listy", f"{a}-{a + rnd.randint(1, 5)}"]]})
        record: dict[str, Any] = {
            "id": f"doc{i:06d}", "type": "personal_communication" if letter else "manuscript",
            "title": f"{genre.capitalize()}, {sender} to {recipient} & co. #{i}",
            "genre": genre, "author": [{"literal": sender}],
            "issued": {"date-parts": [[rnd.randint(1945, 1991), rnd.randint(1, 12),
                                       rnd.randint(1, 28)]]},
            "source": "History and Public Policy Program Digital Archive",
            "publisher": "Wilson Center", "number": str(100000 + i),
            "URL": f"https://digitalarchive.wilsoncenter.org/document/{100000 + i}",
            "language": "en", "custom": {"holdings": holdings, "original-language": "Russian"},
        }
        if letter:
            record["recipient"] = [{"literal": recipient}]
        out.append(record)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    registry = default_registry()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lib = Library(folder / "library", registry)
        records = [lib.prepare(r) for r in synthetic(n)]
        csl = folder / "records.json"
        csl.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        lib.root.mkdir()
        for record in records:
            (lib.root / f"{record['id']}.json").write_text(dumps_record(record), "utf-8")

        def archcite_inprocess() -> None:
            data = json.loads(csl.read_text("utf-8"))
            export_records(data, "biblatex", registry)

        def archcite_cli() -> None:
            env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
            subprocess.run([sys.executable, "-m", "archcite", "--library", str(lib.root),
                            "export", "--format", "biblatex", "-o", str(folder / "out.bib")],
                           check=True, env=env, capture_output=True)
            (folder / "out.bib").unlink()

        def pandoc_run() -> None:
            subprocess.run([pandoc, "-f", "csljson", "-t", "biblatex", str(csl), "-o",
                            str(folder / "pandoc.bib")], check=True)

        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[0]
        t_in = median_time(archcite_inprocess, 3)
        t_cli = median_time(archcite_cli, 3)
        t_pandoc = median_time(pandoc_run, 3)
    print(f"{n} records, median of 3 runs")
    print(f"archcite export_records (parse CSL-JSON + BibLaTeX): {t_in:8.3f} s")
    print(f"archcite export command (10k record files, new proc): {t_cli:8.3f} s")
    print(f"{version} -f csljson -t biblatex:            {t_pandoc:8.3f} s")
    print(f"pandoc / archcite (in-process): {t_pandoc / t_in:.1f}x; "
          f"pandoc / archcite (command): {t_pandoc / t_cli:.1f}x")


if __name__ == "__main__":
    main()
