"""What an import or add tells the user while it runs and when it is stopped: the progress bar
of a run with nothing to store ends full (not "0/?"), and Ctrl-C says how many records were
stored (each file whole), which is what the library then holds."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archcite.cli.progress import progress_bar
from tests.helpers import numbered_record, process_env


def _env(tmp_path: Path) -> dict[str, str]:
    return process_env(tmp_path, TERM="xterm")


def _csl(tmp_path: Path, count: int) -> Path:
    path = tmp_path / f"refs-{count}.json"
    records = [{**numbered_record(100_000 + i), "id": f"imported{i}"} for i in range(count)]
    path.write_text(json.dumps(records), "utf-8")
    return path


def test_a_bar_that_never_learnt_its_total_ends_full() -> None:
    stream = io.StringIO()
    with progress_bar(None, "importing refs.bib", stream=stream, enabled=True):
        pass  # nothing to store
    text = stream.getvalue()
    assert "0/?" not in text and "0/0" in text


def test_a_bar_with_a_total_ends_at_it() -> None:
    stream = io.StringIO()
    with progress_bar(None, "importing refs.bib", stream=stream, enabled=True) as update:
        update(3, 7)
        update(7, 7)
    assert "7/7" in stream.getvalue()


@pytest.mark.slow
def test_reimport_on_a_terminal_ends_with_a_full_bar_and_a_summary(tmp_path: Path) -> None:
    """The second import holds every entry already: the bar ends at the entries handled, and
    the held entries are summarised, not listed one by one."""
    pexpect = pytest.importorskip("pexpect")
    source = _csl(tmp_path, 30)
    library = tmp_path / "lib"
    outputs = []
    for _ in range(2):
        seen = io.StringIO()
        child = pexpect.spawn(sys.executable, ["-m", "archcite", "--library", str(library),
                                               "import", str(source)], env=_env(tmp_path),
                              dimensions=(24, 120), encoding="utf-8", timeout=120)
        child.logfile_read = seen
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, seen.getvalue()
        outputs.append(seen.getvalue())
    again = outputs[1]
    # the bar's last frame (rich redraws the line; it shows the cursor again when done)
    frames = [f for f in again.split("\x1b[?25h")[0].replace("\x1b[2K", "\r").split("\r")
              if "importing" in f]
    assert frames and "30/30" in frames[-1] and "/?" not in frames[-1], frames[-1:]
    held = [line for line in again.splitlines() if "held" in line]
    assert len(held) == 1 and "30" in held[0], held  # one summary line, not one per entry


def _interrupt(command: list[str], library: Path, tmp_path: Path
               ) -> subprocess.CompletedProcess[str] | None:
    """Run ``command``, send Ctrl-C (SIGINT) once it has stored its first record; None when it
    finished first."""
    proc = subprocess.Popen(command, env=_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if library.is_dir() and any(p.suffix == ".json" for p in library.iterdir()):
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.002)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        return None
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


@pytest.mark.slow
def test_ctrl_c_during_import_says_how_many_records_were_stored(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    done = None
    for count in (3000, 12000):  # large enough that Ctrl-C lands while it writes
        done = _interrupt([sys.executable, "-m", "archcite", "--library", str(library),
                           "import", str(_csl(tmp_path, count))], library, tmp_path)
        if done is not None:
            break
        import shutil

        shutil.rmtree(library)
    if done is None:
        pytest.skip("the import finished before it could be interrupted")
    assert done.returncode == 130, done.stderr
    stored = sorted(p.name for p in library.glob("*.json"))
    lines = [line for line in done.stderr.splitlines() if "interrupted" in line]
    assert len(lines) == 1, done.stderr
    if stored:
        expected = f"{len(stored)} record{'s were' if len(stored) != 1 else ' was'} stored"
        assert expected in lines[0], (lines[0], len(stored))
    else:
        assert "no record was stored" in lines[0]
    assert "Traceback" not in done.stderr
    for path in library.glob("*.json"):  # every file stored is whole
        json.loads(path.read_text("utf-8"))
    assert not list(library.glob(".tmp-*"))
