"""Which keys a paper cites: LaTeX sources, .aux files and pandoc Markdown.

LaTeX: every citation command (``\\cite``, ``\\autocite``, ``\\footcite``, ``\\parencite``,
``\\textcite``, natbib's ``\\citet``/``\\citep``, capitalised and starred forms), with optional
arguments (``\\cite[see][l.~95]{a,b}``), biblatex's multicite commands (``\\cites{a}[l.~5]{b}``)
and ``\\nocite{*}``; comments are skipped. .aux: ``\\citation{…}`` (BibTeX) and
``\\abx@aux@cite{0}{key}`` (biblatex). Markdown: pandoc's ``[@key]``, ``[-@key]``, ``@key``,
``@{key}`` and ``[see @a, l. 95; @b]``; e-mail addresses and code are not citations.

Each scanner returns the cited keys in order of first citation; ``*`` stands for "all".
"""

from __future__ import annotations

import re
from pathlib import Path

from archcite.errors import ExportError

ALL = "*"

_TEX_COMMENT = re.compile(r"(?<!\\)%.*")
_TEX_CITE = re.compile(r"\\([A-Za-z]*cite[A-Za-z]*|nocite)\b\*?")
_AUX = re.compile(r"\\(?:citation|abx@aux@cite)\s*(?:\{[^{}]*\}\s*)?\{([^{}]*)\}")
_AUX_SIMPLE = re.compile(r"\\citation\{([^{}]*)\}")


def _dedupe(keys: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for key in keys:
        key = key.strip()
        if key:
            seen.setdefault(key, None)
    return list(seen)


def _group(text: str, pos: int, open_: str, close: str) -> int | None:
    """End index (after ``close``) of a balanced group starting at ``pos``, else None."""
    if pos >= len(text) or text[pos] != open_:
        return None
    depth = 0
    for i in range(pos, len(text)):
        if text[i] == open_:
            depth += 1
        elif text[i] == close:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def tex_keys(text: str) -> list[str]:
    """Keys cited in LaTeX source."""
    text = "\n".join(_TEX_COMMENT.sub("", line) for line in text.splitlines())
    keys: list[str] = []
    for match in _TEX_CITE.finditer(text):
        name = match.group(1)
        multi = name.endswith("cites") or name.endswith("Cites")
        pos = match.end()
        while True:
            while pos < len(text) and text[pos] in " \t\n":
                pos += 1
            end = None
            if pos < len(text) and text[pos] in "[(":
                end = _group(text, pos, text[pos], "]" if text[pos] == "[" else ")")
                if end is None:
                    break
                pos = end
                continue
            if pos < len(text) and text[pos] == "{":
                end = _group(text, pos, "{", "}")
                if end is None:
                    break
                keys.extend(text[pos + 1:end - 1].split(","))
                pos = end
                if multi:
                    continue
            break
    return _dedupe(keys)


def aux_keys(text: str) -> list[str]:
    """Keys in a LaTeX .aux file (BibTeX's ``\\citation``, biblatex's ``\\abx@aux@cite``)."""
    keys: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("\\citation"):
            keys.extend(k for m in _AUX_SIMPLE.finditer(line) for k in m.group(1).split(","))
        elif line.startswith("\\abx@aux@cite"):
            match = _AUX.match(line)
            if match:
                keys.extend(match.group(1).split(","))
    return _dedupe(keys)


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_MD_CITE = re.compile(
    r"(?<![\w.@/:+%=])-?@(?:\{([^{}]+)\}|([\w](?:[\w:.#$%&+?<>~/-]*[\w])?))"
)


def md_keys(text: str) -> list[str]:
    """Keys cited in pandoc Markdown (code blocks, inline code and e-mail addresses skipped)."""
    text = _FENCE.sub("", text)
    text = _INLINE_CODE.sub("", text)
    return _dedupe([m.group(1) or m.group(2) for m in _MD_CITE.finditer(text)])


def cited_keys(path: Path, kind: str) -> list[str]:
    """Keys cited by the paper at ``path``; ``kind`` is tex, aux or md."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise ExportError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    scanner = {"tex": tex_keys, "aux": aux_keys, "md": md_keys}[kind]
    return scanner(text)
