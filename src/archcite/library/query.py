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
from archcite.library.fold import fold, fold_tokens, norm_archive, norm_level_value
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


def fts_phrase(value: str, *, prefix: bool) -> str | None:
    """An FTS5 phrase of the folded tokens of ``value`` (None when it holds no word)."""
    tokens = fold_tokens(value)
    if not tokens:
        return None
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Clause = tuple[str, list[object]]


class Field:
    """One kind of query field: how a ``field:value`` term becomes a parameterised clause.

    Each kind knows its own SQL over ``records r`` and the index's side tables, and the
    normal form its values are compared in (the same one the index stores them in, from
    :mod:`archcite.library.fold`). A new field is a new entry in :data:`FIELDS`; a new kind
    of field is a new subclass. The user's text only ever reaches SQL as a bound parameter.
    """

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        """The WHERE clause for ``name:value`` and its parameters (``value`` is not empty)."""
        raise NotImplementedError


@dataclass(frozen=True)
class TextField(Field):
    """Words or a phrase in FTS5 columns (all columns for a free word): prefix match unless
    quoted."""

    columns: tuple[str, ...] = ()

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        expr = fts_phrase(value, prefix=not phrase)
        if expr is None:
            return "1", []
        if self.columns:
            expr = "{" + " ".join(self.columns) + "} : " + expr
        return "r.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [expr]


@dataclass(frozen=True)
class LevelField(Field):
    """A holding's level (``fond:45``, ``list:95-96``) with its value in normal form."""

    levels: tuple[str, ...]

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        marks = ", ".join("?" * len(self.levels))
        return (f"r.rid IN (SELECT rid FROM levels WHERE level IN ({marks}) AND value = ?)",
                [*self.levels, norm_level_value(value)])


class ArchiveField(Field):
    """A holding's archive: any alias of a registry archive finds all of its spellings."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        return ("r.rid IN (SELECT rid FROM holdings WHERE archive = ?)",
                [norm_archive(value, registry)])


_YEAR = re.compile(r"^(\d{1,4})?(?:\.\.(\d{1,4})?)?$")


class YearField(Field):
    """A year or a range with open ends; a record dated as a range matches every year it
    overlaps."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        match = _YEAR.match(value)
        if not match or not (match.group(1) or match.group(2)):
            raise QueryError(f"{name}:{value} is not a year or a range like 1950..1953")
        low, high = match.group(1), match.group(2)
        if ".." not in value:
            high = low
        clauses: list[str] = []
        params: list[object] = []
        if low:
            clauses.append("r.year_end >= ?")
            params.append(int(low))
        if high:
            clauses.append("r.year <= ?")
            params.append(int(high))
        return "(" + " AND ".join(clauses) + ")", params


class TypeField(Field):
    """The CSL type exactly, or words of the genre (``telegram`` finds "ciphered telegram")."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        folded = fold(value)
        return ("(r.type = ? OR r.genre LIKE ? ESCAPE '\\')",
                [folded.replace(" ", "_"), f"%{_like_escape(folded)}%"])


class LanguageField(Field):
    """One of the record's languages (code or name, as the index lists them)."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        return "(' ' || r.langs || ' ') LIKE ? ESCAPE '\\'", [f"% {_like_escape(fold(value))} %"]


class TagField(Field):
    """A tag, whole (folded: ``Korea`` finds ``korea``)."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        return "r.rid IN (SELECT rid FROM tags WHERE tag = ?)", [fold(value)]


class KeyField(Field):
    """A citation key, exactly, or its beginning with a trailing ``*``."""

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        if value.endswith("*"):
            return "r.key LIKE ? ESCAPE '\\'", [f"{_like_escape(value[:-1])}%"]
        return "r.key = ?", [value]


@dataclass(frozen=True)
class ExactField(Field):
    """An exact value of one column of ``records``: ``id:`` the Wilson Center Record ID (the
    index's ``number`` column, read where the record keeps it), ``number:`` the document's own
    number ("No. 709" in its heading: ``docnumber``)."""

    column: str = "number"

    def clause(self, name: str, value: str, phrase: bool, registry: ArchiveRegistry) -> Clause:
        return f"r.{self.column} = ?", [value]


FREE_WORDS = TextField()
_LEAVES = LevelField(("list", "listy"))
# Every field name the language knows, and the kind of field it is.
FIELDS: dict[str, Field] = {
    "author": TextField(("author",)),
    "sender": TextField(("author",)),
    "recipient": TextField(("recipient",)),
    "name": TextField(("author", "recipient", "names")),
    "title": TextField(("title",)),
    "abstract": TextField(("abstract",)),
    "summary": TextField(("abstract",)),
    "note": TextField(("note",)),
    **{level: _LEAVES if level in ("list", "listy") else LevelField((level,))
       for level in LEVELS},
    "archive": ArchiveField(),
    "year": YearField(),
    "type": TypeField(),
    "lang": LanguageField(),
    "language": LanguageField(),
    "tag": TagField(),
    "key": KeyField(),
    "number": ExactField("docnumber"),
    "id": ExactField("number"),
}


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

    def term(self, term: Term) -> str:
        value = term.value.strip()
        if term.field is None:
            kind: Field = FREE_WORDS
        else:
            if not value:
                raise QueryError(f"{term.field}: needs a value")
            kind = FIELDS[term.field]  # the lexer admits only names of FIELDS
        sql, params = kind.clause(term.field or "", value, term.phrase, self.registry)
        self.params.extend(params)
        return sql


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
