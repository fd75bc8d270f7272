"""What ``archcite resolve`` prints, shared by the click command and the click-free fast path.

Both paths call :func:`resolve_output`, so they cannot drift apart. "Does the library hold it"
is answered from the index (by Record ID or canonical URL), never by reading every record:
when the index is current it is read directly (standard library only, a few milliseconds);
otherwise it is brought up to date first, which re-reads only the changed files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from archcite.errors import SourceError
from archcite.sources.addresses import CANONICAL_HOST, Address, parse_address

# ``typing`` costs ~2 ms of start-up, which resolve cannot spare (≤ 3 × python -c pass);
# the names below are for type checkers only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from archcite.library.store import Library

BASE_ENV = "ARCHCITE_WILSON_BASE"  # the same variable archcite.sources.fetch reads


def base_host(env: Mapping[str, str]) -> str:
    """The Wilson Center host pages come from (a mirror when ``$ARCHCITE_WILSON_BASE`` is set)."""
    if not env.get(BASE_ENV):
        return CANONICAL_HOST
    from archcite.sources.fetch import FetchSettings  # validates the variable

    return FetchSettings.from_env(env).base_host


def resolve_output(address: str, as_json: bool, library_path: Path, env: Mapping[str, str],
                   library: Callable[[], Library], warn: Callable[[str], None]) -> str:
    """The text ``archcite resolve`` prints (without the final newline).

    ``library()`` builds the :class:`~archcite.library.store.Library` (with its registry) only
    when the index must be refreshed; ``warn`` reports record files the index cannot read.
    """
    parsed = parse_address(address, extra_hosts=(base_host(env),))
    if parsed.kind == "listing":
        raise SourceError(f"{address} is {parsed.explanation}")
    held = held_as(library_path, parsed, library, warn)
    if as_json:
        import json

        return json.dumps({"address": address, "kind": parsed.kind,
                           "canonical": parsed.canonical or None,
                           "record_id": parsed.record_id or None,
                           "note": parsed.explanation, "key": held}, ensure_ascii=False)
    lines = [f"canonical: {parsed.canonical or '(unknown)'}"]
    if parsed.record_id:
        lines.append(f"record id: {parsed.record_id}")
    else:
        lines.append(f"record id: unknown: {parsed.explanation}")
    if held:
        lines.append(f"library:   holds it as {held}")
    else:
        lines.append(f"library:   does not hold it ({library_path})")
    return "\n".join(lines)


def held_as(library_path: Path, parsed: Address, library: Callable[[], Library],
            warn: Callable[[str], None]) -> str | None:
    """The key of the library's record for this address, if any."""
    if not library_path.is_dir():
        return None
    if parsed.kind in ("slug", "node"):
        return _held_by_page_address(library(), parsed)
    number, url = parsed.record_id or "", parsed.canonical or ""
    from archcite.library.index import current_index, open_index

    view = current_index(library_path)  # a record id or URL: no archive registry needed
    if view is not None:
        with view:
            return view.key_for(number, url)
    with open_index(library(), warn) as index:
        return index.key_for(number, url)


def _held_by_page_address(library: Library, parsed: Address) -> str | None:
    """A slug or node address: compare with each record's page and printed addresses.

    The index does not keep those addresses (they are rare in queries), so this reads the
    records; only slug and node addresses take this path.
    """
    for record in library.records():
        custom = record.get("custom") or {}
        for url in (custom.get("page-url"), custom.get("printed-url")):
            if not isinstance(url, str) or not url:
                continue
            try:
                other = parse_address(url)
            except SourceError:
                continue
            if (other.kind, other.slug, other.node) == (parsed.kind, parsed.slug, parsed.node):
                return str(record["id"])
    return None
