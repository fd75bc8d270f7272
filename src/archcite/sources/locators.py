"""The one reader of archival references: several archives, each with its reference, as holdings.

Every way in reads holdings here: a saved or fetched page's Source, ``add --citation``, and
the importers (a .bib ``note``/``howpublished``/``library`` once its LaTeX is decoded, a CSL-JSON
``archive`` + ``archive_location``). The level labels it accepts are the table
``LEVEL_SPELLINGS`` in :mod:`archcite.model.levels`, beside the labels the styles print.

Grammar: holdings are joined by ``;``, ``; and`` or a bare
``and`` before the next archive; an archive is named first (``APRF``, ``APRF:``, ``AP RF``).
The archive decides how its reference reads: registry archives with grammar ``russian`` are
parsed into fond/opis/delo/… levels (every spelling: ``f.``/``F.``/``Fond``, ``op.``/``Opis``,
``d.``/``Delo``, ``ed. khr.``, ``papka``, ``per.``, ``dok.``, ``l.``/``L.``/``List``,
``ll.``/``Ll.``/``Listy``, ``ob.``); every other archive (Hungarian ``288. f.`` is not a fond)
keeps its reference whole, and an unknown archive is kept as written. Nothing is dropped: a
part of a Russian reference that is no level stays in the holding's free reference.
"""

from __future__ import annotations

import re

from archcite.model.archives import Archive, ArchiveRegistry
from archcite.model.holdings import Holding
from archcite.model.levels import LEVEL_SPELLINGS, LEVEL_VALUE
from archcite.model.translit import has_cyrillic, romanize_cyrillic

_LEVEL_RE = re.compile(
    r"^(?P<label>"
    + "|".join(f"(?P<{level}>{'|'.join(spellings)})" for level, spellings in LEVEL_SPELLINGS)
    + r")\s*(?P<value>" + LEVEL_VALUE + r")$",
    re.IGNORECASE,
)
_MORE_LEAVES = re.compile(r"^\d+[a-zA-Z]?(?:\s*[-–—]\s*\d+[a-zA-Z]?)?(?:\s*ob\.?)?$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:\s[A-Z]{2,})?(?=[\s,:]|$)")


def normalize_value(value: str) -> str:
    """A level value as stored: dashes as ``-``, the verso as ``ob`` glued on (``95ob``)."""
    value = re.sub(r"\s*[-–—]\s*", "-", value.strip())
    return re.sub(r"\s*(ob|об)\.?$", "ob", value, flags=re.IGNORECASE)


def parse_level(token: str) -> tuple[str, str] | None:
    """One ``label value`` token as ``(level, value)``, or None when it is no level."""
    match = _LEVEL_RE.match(token.strip().rstrip("."))
    if not match:
        match = _LEVEL_RE.match(token.strip())
    if not match:
        return None
    level = next(lvl for lvl, _ in LEVEL_SPELLINGS if match.group(lvl))
    return level, normalize_value(match.group("value"))


def parse_russian_levels(text: str) -> tuple[list[tuple[str, str]], str]:
    """Levels of a Russian/Soviet reference, in the source's order, and whatever is left over.

    ``ll. 12, 14`` keeps both leaves in one value; tokens that are no level are returned as the
    free remainder (joined as written), never dropped.
    """
    levels: list[tuple[str, str]] = []
    rest: list[str] = []
    for token in _level_tokens(text):
        level = parse_level(token)
        if level is not None:
            levels.append(level)
        elif levels and levels[-1][0] in ("list", "listy") and _MORE_LEAVES.match(token):
            _name, value = levels[-1]
            levels[-1] = ("listy", f"{value}, {normalize_value(token)}")
        else:
            rest.append(token)
    return levels, ", ".join(rest)


# One "label value" pair inside a run of them: "f. 17 op. 3 d. 1090 l. 4" (no commas) or the
# GOST form "Ф. Р-9401. Оп. 2. Д. 64. Л. 12–14 об." (each pair closed by a full stop).
_PAIR = re.compile(r"(?P<pair>(?:" + "|".join(p for _lvl, sp in LEVEL_SPELLINGS for p in sp)
                   + r")\s*" + LEVEL_VALUE + r")(?:\.(?=\s|$))?(?:\s+|$)", re.IGNORECASE)


def _level_tokens(text: str) -> list[str]:
    """The tokens of a reference: its comma-separated parts, and a part that is a run of
    several "label value" pairs with no commas between them cut into those pairs."""
    out: list[str] = []
    for raw in re.split(r"\s*,\s*", text.strip()):
        token = raw.strip()
        if not token:
            continue
        pairs: list[str] = []
        position = 0
        while position < len(token):
            match = _PAIR.match(token, position)
            if match is None:
                break
            pairs.append(match.group("pair"))
            position = match.end()
        if len(pairs) > 1 and position >= len(token):
            out.extend(pairs)
        else:
            out.append(token.rstrip(".") if token.endswith(".") and not _ends_with_mark(
                token) else token)
    return out


def _ends_with_mark(token: str) -> bool:
    """True when a token's final full stop belongs to it ("5 ob.", "d.", "D.C.")."""
    return bool(re.search(r"(?:^|[\s.])(?:ob|об|[A-Za-zА-Яа-я]{1,3})\.$", token))


def _full_name_archive(text: str, registry: ArchiveRegistry) -> tuple[str, str] | None:
    """(archive as it will be stored, the rest) for an archive named in full.

    "Politisches Archiv des Auswärtigen Amts (PA AA), B 38" is PA AA: the acronym in brackets
    is kept as the archive's written form. A full romanized or English name of a registry
    archive with no acronym is kept as written.
    """
    bracketed = re.match(r"^(?P<full>[^,;()\[\]]{6,}?)\s*[(\[](?P<acronym>[^()\[\]]{2,20})"
                         r"[)\]]\s*(?P<rest>.*)$", text, re.DOTALL)
    if bracketed and registry.lookup(bracketed.group("acronym")) is not None:
        return bracketed.group("acronym").strip(), bracketed.group("rest")
    folded = text.casefold()
    for archive in registry.archives:
        for name in (archive.name, archive.english):
            if name and folded.startswith(name.casefold()) and (
                    len(text) == len(name) or text[len(name)] in " ,:;."):
                return text[: len(name)], text[len(name):]
    return None


def _archive_by_name(text: str, registry: ArchiveRegistry) -> Archive | None:
    """The registry archive whose full romanized or English name ``text`` is."""
    folded = " ".join(text.split()).casefold()
    return next((a for a in registry.archives
                 if folded in (a.name.casefold(), a.english.casefold())), None)


_PATTERNS: dict[tuple[tuple[str, ...], ...], tuple[re.Pattern[str], ...]] = {}


def _archive_patterns(registry: ArchiveRegistry) -> tuple[re.Pattern[str], ...]:
    """One pattern for all of the registry's aliases, exact case first, then any case.

    The alternatives are tried in the registry's alias order (longest first), as a loop over
    the aliases would be, and each must end at a separator. Compiled once per set of
    archives (a user's archives file changes the set), not once per string.
    """
    signature = tuple((a.id, *a.aliases) for a in registry.archives)
    patterns = _PATTERNS.get(signature)
    if patterns is None:
        aliases = registry.aliases()
        if not aliases:
            patterns = ()
        else:
            body = "|".join(re.escape(alias).replace(r"\ ", r"\s+") for alias in aliases)
            source = rf"({body})(?=[\s,:;.]|$)"
            patterns = (re.compile(source), re.compile(source, re.IGNORECASE))
        if len(_PATTERNS) > 16:
            _PATTERNS.clear()
        _PATTERNS[signature] = patterns
    return patterns


def _match_archive(text: str, registry: ArchiveRegistry) -> tuple[str, str] | None:
    """(archive as written, the rest) when ``text`` starts with a registry alias."""
    for pattern in _archive_patterns(registry):
        match = pattern.match(text)
        if match:
            return match.group(1), text[match.end():]
    return None


def split_holdings(text: str, registry: ArchiveRegistry) -> list[str]:
    """The archival part cut into one text per archive, in the source's order."""
    pieces = [p for p in re.split(r"\s*;\s*(?:and\s+)?", text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        start = 0
        for match in re.finditer(r"\s+and\s+", piece):
            after = piece[match.end():]
            if _match_archive(after, registry) or _ACRONYM.match(after):
                out.append(piece[start:match.start()])
                start = match.end()
        out.append(piece[start:])
    return [p.strip() for p in out if p.strip()]


def _strip_full_stop(text: str) -> str:
    """Drop a sentence's final full stop, not an abbreviation's (``5. d.``, ``l. 5 ob.``)."""
    text = text.strip()
    if text.endswith(".") and not re.search(r"(?:^|[\s.])[A-Za-zА-Яа-я]{1,3}\.$", text):
        text = text[:-1].rstrip()
    return text


def parse_holding(text: str, registry: ArchiveRegistry, archive: str = "") -> Holding:
    """One archive's reference as a :class:`Holding`; the archive decides the grammar.

    ``archive`` is the archive when the caller already knows it (CSL-JSON keeps it in its own
    ``archive`` field): ``text`` is then the reference alone.
    """
    text = _strip_full_stop(text)
    if archive:
        known = registry.lookup(archive)
        rest = text.lstrip(" :,.").strip()
        if known is not None and known.grammar == "russian":
            levels, leftover = parse_russian_levels(rest)
            return Holding(archive=archive, levels=tuple(levels), reference=leftover)
        return Holding(archive=archive, reference=rest)
    matched = _match_archive(text, registry) or _full_name_archive(text, registry)
    if matched is not None:
        archive, rest = matched
        rest = rest.lstrip(" :,.").strip()
        known = registry.lookup(archive) or _archive_by_name(archive, registry)
        if known is not None and has_cyrillic(archive):
            # A GOST reference in Cyrillic ("ГАРФ. Ф. Р-9401"): the same archive and levels,
            # romanized as English output writes them (GARF, f. R-9401).
            archive, rest = known.id, romanize_cyrillic(rest)
        if known is not None and known.grammar == "russian":
            levels, leftover = parse_russian_levels(rest)
            return Holding(archive=archive, levels=tuple(levels), reference=leftover)
        return Holding(archive=archive, reference=rest)
    if parse_level(text.split(",")[0]) is not None:
        # A Russian locator with no archive named.
        levels, leftover = parse_russian_levels(text)
        return Holding(archive="", levels=tuple(levels), reference=leftover)
    name, _, rest = text.partition(",")
    if not rest:
        acronym = _ACRONYM.match(text)
        if acronym and acronym.end() < len(text):
            name, rest = text[:acronym.end()], text[acronym.end():]
    return Holding(archive=name.strip().rstrip(":"), reference=rest.strip())


def parse_holdings(text: str, registry: ArchiveRegistry, first_archive: str = "") -> list[Holding]:
    """Every holding in the archival part of a Source string.

    ``first_archive`` names the first holding's archive when the text starts with its
    reference (a CSL-JSON ``archive_location`` beside its ``archive``), unless that text starts
    with an archive of the registry itself.
    A piece that names nothing (a stray ``.`` or ``;`` in a damaged Source) is not a holding:
    keeping it would make an otherwise good record invalid ("a holding needs an archive").
    """
    holdings = []
    for index, piece in enumerate(split_holdings(text, registry)):
        given = first_archive if index == 0 and _match_archive(piece, registry) is None else ""
        holdings.append(parse_holding(piece, registry, given))
    return [h for h in holdings if h.archive or h.levels or h.reference]


def names_known_archive(text: str, registry: ArchiveRegistry) -> bool:
    """True when ``text`` opens with an archive the registry knows (it is then a holding)."""
    return _match_archive(text.strip(), registry) is not None or _full_name_archive(
        text.strip(), registry) is not None


def is_archival_reference(holding: Holding, registry: ArchiveRegistry,
                          named: frozenset[str] = frozenset()) -> bool:
    """True when ``holding`` reads as an archival reference, not as arbitrary prose.

    A free-text field (a .bib ``note``) is read as holdings only when every holding is one:
    it has levels, or names an archive the registry knows or the writer marked as a name
    (``named``: a braced ``{MOL}`` in BibTeX), or its reference is wholly Russian levels.
    "Obtained by Kathryn Weathersby" names no archive and stays a note.
    """
    if holding.levels or holding.archive in named or registry.lookup(holding.archive):
        return True
    if not holding.archive or not holding.reference:
        return False
    levels, rest = parse_russian_levels(holding.reference)
    return bool(levels) and not rest
