"""Put citations on the system clipboard, as rich text where the platform's tool can.

A citation pasted into Word or LibreOffice should keep its italics, so HTML is offered where
the clipboard tool can label it (``wl-copy``/``xclip`` with the ``text/html`` target,
``osascript`` on macOS); otherwise plain text (``xsel``, ``pbcopy``, ``clip.exe``). Which tool is
used depends on the session (Wayland, X11, macOS, Windows or WSL) and on what is installed;
when none is there the error says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from archcite.errors import ArchciteError


class ClipboardError(ArchciteError):
    """No clipboard tool, or the tool failed (one line, exit 1)."""


@dataclass(frozen=True)
class Tool:
    """A clipboard command: its argv, whether it takes HTML, and the input encoding."""

    argv: tuple[str, ...]
    rich: bool
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        return os.path.basename(self.argv[0])


def choose_tool(env: Mapping[str, str], platform: str = sys.platform,
                which: Callable[[str], str | None] = shutil.which) -> Tool:
    """The clipboard tool for this session, rich-text tools first."""
    if platform == "darwin":
        if which("osascript"):
            return Tool(("osascript", "-"), rich=True)
        if which("pbcopy"):
            return Tool(("pbcopy",), rich=False)
        raise ClipboardError("no clipboard tool found (pbcopy and osascript come with macOS)")
    if platform.startswith("win"):
        if which("clip.exe") or which("clip"):
            return Tool(("clip.exe",), rich=False, encoding="utf-16")
        raise ClipboardError("no clipboard tool found (clip.exe comes with Windows)")
    if env.get("WAYLAND_DISPLAY") and which("wl-copy"):
        return Tool(("wl-copy", "--type", "text/html"), rich=True)
    if env.get("DISPLAY"):
        if which("xclip"):
            return Tool(("xclip", "-selection", "clipboard", "-t", "text/html", "-i"), rich=True)
        if which("xsel"):
            return Tool(("xsel", "--clipboard", "--input"), rich=False)
    if which("clip.exe"):  # WSL: the Windows clipboard
        return Tool(("clip.exe",), rich=False, encoding="utf-16")
    if env.get("WAYLAND_DISPLAY"):
        raise ClipboardError("no clipboard tool found: install wl-clipboard (wl-copy)")
    if env.get("DISPLAY"):
        raise ClipboardError("no clipboard tool found: install xclip (or xsel for plain text)")
    raise ClipboardError("no clipboard to copy to: no graphical session (DISPLAY or "
                         "WAYLAND_DISPLAY is not set); install xclip or wl-clipboard in one")


def html_document(fragment: str) -> str:
    """An HTML clipboard payload: the charset said, so that pasting keeps non-ASCII text."""
    return f'<meta charset="utf-8"><div>{fragment}</div>'


def _applescript(html: str, text: str) -> str:
    data = html.encode("utf-8").hex().upper()
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return (f'set the clipboard to {{«class HTML»:«data HTML{data}», '
            f'string:"{quoted}"}}')


def copy(html: str, text: str, *, env: Mapping[str, str] | None = None,
         platform: str = sys.platform,
         which: Callable[[str], str | None] = shutil.which) -> Tool:
    """Copy a citation: ``html`` (a fragment) where the tool takes rich text, else ``text``.

    The tool's output streams are not captured: ``xclip`` leaves a child process that serves
    the selection, and it would hold a captured pipe open.
    """
    tool = choose_tool(os.environ if env is None else env, platform, which)
    if tool.name == "osascript":
        payload = _applescript(html_document(html), text).encode("utf-8")
    elif tool.rich:
        payload = html_document(html).encode("utf-8")
    elif tool.encoding == "utf-16":
        payload = text.encode("utf-16")  # with its byte-order mark, as clip.exe reads it
    else:
        payload = text.encode("utf-8")
    try:
        proc = subprocess.run(tool.argv, input=payload, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30, check=False,
                              env=None if env is None else dict(env))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ClipboardError(f"cannot run {tool.name}: {exc}") from exc
    if proc.returncode != 0:
        raise ClipboardError(f"{tool.name} could not copy to the clipboard "
                             f"(exit status {proc.returncode})")
    return tool
