"""The query language: parsing, argument joining, and compiling to parameterized SQL."""

from __future__ import annotations

import pytest

from archcite.library.query import (
    And,
    Not,
    Or,
    QueryError,
    Term,
    compile_query,
    join_args,
    parse_query,
)
from archcite.model.archives import load_registry


def test_free_words_and_fields_are_anded() -> None:
    assert parse_query("lotman archive:APRF") == And(
        (Term(None, "lotman"), Term("archive", "APRF")))


def test_or_binds_tighter_than_implicit_and() -> None:
    assert parse_query("stalin mao OR kim") == And(
        (Term(None, "stalin"), Or((Term(None, "mao"), Term(None, "kim")))))


def test_negation_phrases_and_groups() -> None:
    assert parse_query('-tag:draft "ciphered telegram"') == And(
        (Not(Term("tag", "draft")), Term(None, "ciphered telegram", phrase=True)))
    assert parse_query("-(a OR b)") == Not(Or((Term(None, "a"), Term(None, "b"))))
    assert parse_query('author:"Mao Zedong"') == Term("author", "Mao Zedong", phrase=True)


def test_empty_query_matches_all() -> None:
    assert parse_query("   ") is None
    assert compile_query(None, load_registry()) == ("1", [])


@pytest.mark.parametrize("text", ["foo:bar", "(stalin", "stalin)", "year:19x1", "-)", "year:"])
def test_bad_queries_are_one_line_errors(text: str) -> None:
    with pytest.raises(QueryError):
        compile_query(parse_query(text), load_registry())


def test_user_text_only_reaches_sql_as_parameters() -> None:
    sql, params = compile_query(parse_query("key:x'; DROP TABLE records;-- \"a\"\"b\""),
                                load_registry())
    assert "DROP" not in sql
    assert "x';" in params
    # FTS text is rebuilt from folded word tokens, so no FTS operator survives.
    sql, params = compile_query(parse_query('title:NEAR(a) "x OR y"'), load_registry())
    assert params == ['{title} : "near"*', '"a"*', '"x or y"']
    assert "NEAR" not in sql


def test_fields_compile_with_folded_values() -> None:
    registry = load_registry()
    _, params = compile_query(parse_query('archive:"AP RF" fond:059A lang:Russian'), registry)
    assert params == ["aprf", "fond", "059a", "% russian %"]
    _, params = compile_query(parse_query("author:Лотман"), registry)
    assert params == ['{author} : "lotman"*']
    _, params = compile_query(parse_query("year:1950..1953 year:..1940"), registry)
    assert params == [1950, 1953, 1940]


def test_join_args_keeps_shell_quoted_words_whole() -> None:
    assert join_args(["author:Mao Zedong", "-tag:draft"]) == 'author:"Mao Zedong" -tag:draft'
    assert join_args(["ciphered telegram"]) == '"ciphered telegram"'
    assert join_args(["-ciphered telegram"]) == '-"ciphered telegram"'


def test_join_args_takes_a_whole_query_given_as_one_argument() -> None:
    assert join_args(["archive:APRF fond:45 delo:339"]) == "archive:APRF fond:45 delo:339"
    assert join_args(["mao OR kim"]) == "mao OR kim"
    assert join_args(["stalin -tag:draft"]) == "stalin -tag:draft"
    assert join_args(["(mao OR kim) year:1950"]) == "(mao OR kim) year:1950"
