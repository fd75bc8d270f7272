"""The small query language of ``archcite list`` and ``archcite search``, compiled to SQL.

    lotman                       free word: title, summary, names, note (prefix match)
    "ciphered telegram"          a phrase
    archive:APRF fond:45 delo:339  holdings (archive aliases resolve: archive:"AP RF" is APRF)
    author:stalin recipient:mao  names (also name:, title:, abstract:, note:)
    year:1951 year:1950..1953    a year or a range (either end may be open: year:..1950)
    type:telegram                the genre ("ciphered telegram") or the CSL type
    lang:russian tag:korea key:filippov1951ciphered
    id:110374 (the Wilson Center Record ID)  number:709 (the document's own number)

Terms are combined with AND; ``OR`` joins the terms on either side (it binds tighter than the
implicit AND, as in web search: ``stalin mao OR kim`` is stalin AND (mao OR kim)); ``-`` negates
a term or a parenthesized group. Everything the user typed reaches SQL as a bound parameter or
as a quoted FTS5 phrase built from folded word tokens, never as SQL or FTS syntax.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from archcite.errors import ArchciteError, LibraryError
from archcite.library.fold import fold, fold_tokens
from archcite.model.archives import ArchiveRegistry
from archcite.model.levels import LEVELS


class QueryError(ArchciteError):
    """A query that cannot be parsed (unknown field, bad year, unbalanced parenthesis)."""


# ---------------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Term:
    """One condition: a free word/phrase (field None) or ``field:value``."""

    field: str | None
    value: str
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    """Negation of a node."""

    node: Node


@dataclass(frozen=True)
class And:
    """All of the nodes."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of the nodes."""

    nodes: tuple[Node, ...]


Node = Term | Not | And | Or

# FTS5 columns of the index, by field name.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "author": ("author",),
    "sender": ("author",),
    "recipient": ("recipient",),
    "name": ("author", "recipient", "names"),
    "title": ("title",),
    "abstract": ("abstract",),
    "summary": ("abstract",),
    "note": ("note",),
}
LEVEL_FIELDS = frozenset(LEVELS)
OTHER_FIELDS = frozenset({"archive", "year", "type", "lang", "language", "tag", "key", "number",
                          "id"})
FIELDS = frozenset(TEXT_FIELDS) | LEVEL_FIELDS | OTHER_FIELDS

# ----------------------------------------------------------------------------------- parsing

_FIELD_PREFIX = re.compile(r"([A-Za-z_]+):")


def _lex(text: str) -> list[tuple[str, str | Term]]:
    """Tokens: ("(", ")", "-", "OR") as (kind, kind), terms as ("term", Term)."""
    out: list[tuple[str, str | Term]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            out.append((ch, ch))
            i += 1
            continue
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            out.append(("-", "-"))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            out.append(("term", Term(None, text[i + 1:end], phrase=True)))
            i = end + 1
            continue
        match = _FIELD_PREFIX.match(text, i)
        if match and match.group(1).lower() in FIELDS:
            field = match.group(1).lower()
            i = match.end()
            if i < n and text[i] == '"':
                end = text.find('"', i + 1)
                end = n if end < 0 else end
                out.append(("term", Term(field, text[i + 1:end], phrase=True)))
                i = end + 1
                continue
            start = i
            while i < n and not text[i].isspace() and text[i] not in "()":
                i += 1
            out.append(("term", Term(field, text[start:i])))
            continue
        if match and i + len(match.group(0)) < n and not text[match.end()].isspace():
            known = ", ".join(sorted(FIELDS))
            raise QueryError(f"unknown field {match.group(1)!r} in the query (fields: {known})")
        start = i
        while i < n and not text[i].isspace() and text[i] not in "()":
            i += 1
        word = text[start:i]
        out.append(("OR", "OR") if word == "OR" else ("term", Term(None, word)))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str | Term]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def expr(self) -> Node:
        nodes: list[Node] = []
        while self.peek() not in (None, ")"):
            if self.peek() == "OR":  # a stray OR (leading or doubled) is ignored
                self.pos += 1
                continue
            nodes.append(self.disjunction())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def disjunction(self) -> Node:
        nodes = [self.unary()]
        while self.peek() == "OR":
            self.pos += 1
            if self.peek() in (None, ")", "OR"):
                break
            nodes.append(self.unary())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def unary(self) -> Node:
        kind = self.peek()
        if kind == "-":
            self.pos += 1
            if self.peek() in (None, ")", "OR"):
                raise QueryError("'-' must be followed by a term")
            return Not(self.unary())
        if kind == "(":
            self.pos += 1
            node = self.expr()
            if self.peek() != ")":
                raise QueryError("unbalanced parenthesis in the query")
            self.pos += 1
            return node
        if kind == ")":
            raise QueryError("unbalanced parenthesis in the query")
        token = self.tokens[self.pos][1]
        self.pos += 1
        assert isinstance(token, Term)
        return token


def parse_query(text: str) -> Node | None:
    """The query tree of ``text``; None for an empty query (everything matches)."""
    tokens = _lex(text)
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.expr()
    if parser.peek() == ")":
        raise QueryError("unbalanced parenthesis in the query")
    if isinstance(node, And) and not node.nodes:
        return None
    return node


_FIELD_AFTER_SPACE = re.compile(r"\s[-(]?[A-Za-z_]+:")
_OPERATOR = re.compile(r"\sOR\s|(^|\s)[(]|[)](\s|$)")


def _is_whole_query(arg: str) -> bool:
    """True when one argument holds several query terms joined by fields or operators."""
    if not any(ch.isspace() for ch in arg):
        return False
    return bool(_FIELD_AFTER_SPACE.search(arg) or _OPERATOR.search(arg))


def join_args(args: tuple[str, ...] | list[str]) -> str:
    """One query from command-line words; a word the shell kept whole with spaces is a phrase.

    ``archcite list author:"Mao Zedong"`` reaches us as ``author:Mao Zedong`` (one argument):
    re-quote it so it stays one phrase.
    """
    parts: list[str] = []
    for arg in args:
        if _is_whole_query(arg):
            # "archive:APRF fond:45" or "mao OR kim" given as one argument (from a script or
            # an editor): a query of its own, not a phrase.
            parts.append(arg)
            continue
        if any(ch.isspace() for ch in arg) and '"' not in arg:
            match = re.match(r"(-?)([A-Za-z_]+):(.*)$", arg, re.DOTALL)
            if match and match.group(2).lower() in FIELDS:
                arg = f'{match.group(1)}{match.group(2)}:"{match.group(3)}"'
            else:
                neg = "-" if arg.startswith("-") else ""
                arg = f'{neg}"{arg.removeprefix("-")}"'
        parts.append(arg)
    return " ".join(parts)


# --------------------------------------------------------------------------------- compiling


def norm_level_value(value: str) -> str:
    """A level value for comparison: folded, ranges with a plain hyphen, no spaces."""
    return re.sub(r"[\s]+", "", re.sub(r"[–—‐]", "-", fold(value)))


def norm_archive(text: str, registry: ArchiveRegistry) -> str:
    """The archive an alias means (registry id) or, unknown, the written form; folded."""
    known = registry.lookup(text)
    name = known.id if known is not None else text
    return "".join(ch for ch in fold(name) if ch.isalnum())


def fts_phrase(value: str, *, prefix: bool) -> str | None:
    """An FTS5 phrase of the folded tokens of ``value`` (None when it holds no word)."""
    tokens = fold_tokens(value)
    if not tokens:
        return None
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


_YEAR = re.compile(r"^(\d{1,4})?(?:\.\.(\d{1,4})?)?$")


class _Compiler:
    def __init__(self, registry: ArchiveRegistry) -> None:
        self.registry = registry
        self.params: list[object] = []

    def node(self, node: Node) -> str:
        if isinstance(node, And):
            return "(" + " AND ".join(self.node(n) for n in node.nodes) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(n) for n in node.nodes) + ")"
        if isinstance(node, Not):
            return f"(NOT {self.node(node.node)})"
        return self.term(node)

    def _fts(self, columns: tuple[str, ...] | None, value: str, phrase: bool) -> str:
        expr = fts_phrase(value, prefix=not phrase)
        if expr is None:
            return "1"
        if columns:
            expr = "{" + " ".join(columns) + "} : " + expr
        self.params.append(expr)
        return "r.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"

    def term(self, term: Term) -> str:
        field, value = term.field, term.value.strip()
        if field is None:
            return self._fts(None, value, term.phrase)
        if not value:
            raise QueryError(f"{field}: needs a value")
        if field in TEXT_FIELDS:
            return self._fts(TEXT_FIELDS[field], value, term.phrase)
        if field in LEVEL_FIELDS:
            levels = ("list", "listy") if field in ("list", "listy") else (field,)
            self.params.extend([*levels, norm_level_value(value)])
            marks = ", ".join("?" * len(levels))
            return (f"r.rid IN (SELECT rid FROM levels WHERE level IN ({marks})"
                    " AND value = ?)")
        if field == "archive":
            self.params.append(norm_archive(value, self.registry))
            return "r.rid IN (SELECT rid FROM holdings WHERE archive = ?)"
        if field == "year":
            match = _YEAR.match(value)
            if not match or not (match.group(1) or match.group(2)):
                raise QueryError(f"year:{value} is not a year or a range like 1950..1953")
            low, high = match.group(1), match.group(2)
            if ".." not in value:
                high = low
            # A record dated as a range (1950-1953) matches every year it overlaps.
            clauses = []
            if low:
                clauses.append("r.year_end >= ?")
                self.params.append(int(low))
            if high:
                clauses.append("r.year <= ?")
                self.params.append(int(high))
            return "(" + " AND ".join(clauses) + ")"
        if field == "type":
            folded = fold(value)
            self.params.extend([folded.replace(" ", "_"), f"%{_like_escape(folded)}%"])
            return "(r.type = ? OR r.genre LIKE ? ESCAPE '\\')"
        if field in ("lang", "language"):
            self.params.append(f"% {_like_escape(fold(value))} %")
            return "(' ' || r.langs || ' ') LIKE ? ESCAPE '\\'"
        if field == "tag":
            self.params.append(fold(value))
            return "r.rid IN (SELECT rid FROM tags WHERE tag = ?)"
        if field == "key":
            if value.endswith("*"):
                self.params.append(f"{_like_escape(value[:-1])}%")
                return "r.key LIKE ? ESCAPE '\\'"
            self.params.append(value)
            return "r.key = ?"
        if field == "id":  # the Wilson Center Record ID
            self.params.append(value)
            return "r.number = ?"
        if field == "number":  # the document's own number (telegram No. 709)
            self.params.append(value)
            return "r.docnumber = ?"
        raise QueryError(f"unknown field {field!r}")  # pragma: no cover - lexer refuses


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def compile_query(node: Node | None, registry: ArchiveRegistry) -> tuple[str, list[object]]:
    """SQL for a WHERE clause over ``records r`` and its parameters."""
    if node is None:
        return "1", []
    compiler = _Compiler(registry)
    return compiler.node(node), compiler.params


# ---------------------------------------------------------------------- running a query

SORTS = ("date", "key", "archive")
_ORDER = {
    "date": "r.date = '', r.date, r.key",
    "key": "r.key",
    "archive": "r.archive_sort = '', r.archive_sort, r.date, r.key",
}
ROW_COLUMNS = "r.key, r.date, r.sender, r.recipient, r.reference, r.title"


@dataclass(frozen=True)
class Row:
    """One record as a listing shows it."""

    key: str
    date: str
    sender: str
    recipient: str
    reference: str
    title: str

    def to_json(self) -> dict[str, str]:
        """The listing fields as a JSON object."""
        return {"key": self.key, "date": self.date, "sender": self.sender,
                "recipient": self.recipient, "reference": self.reference, "title": self.title}


def select(conn: sqlite3.Connection, registry: ArchiveRegistry, columns: str, query: str,
           sort: str, limit: int | None) -> Iterator[tuple[Any, ...]]:
    """``columns`` of the index's records matching ``query``, in ``sort`` order."""
    if sort not in SORTS:
        raise LibraryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
    where, params = compile_query(parse_query(query), registry)
    sql = f"SELECT {columns} FROM records r WHERE {where} ORDER BY {_ORDER[sort]} LIMIT ?"
    return iter(conn.execute(sql, [*params, -1 if limit is None else limit]))
