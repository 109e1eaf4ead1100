"""The resource.ts evaluator on single expressions: JavaScript semantics of the supported subset,
and a located error for everything else."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.definition.ts_loader import Evaluator, SourceFile
from amplify_sandbox.definition.values import UNDEFINED, JsArray, JsObject
from amplify_sandbox.errors import DefinitionError

PRELUDE = "import { secret } from '@aws-amplify/backend';\nconst k = 'K';\nconst o = { a: 1 };\n"


def evaluate(expr: str, tmp_path: Path, env: dict[str, str] | None = None) -> Any:
    path = tmp_path / "resource.ts"
    path.write_text(f"{PRELUDE}const x = {expr};\n", encoding="utf-8")
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), env or {})
    return evaluator.value_of("x")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("'a\\'b\\n\\u0041\\x42\\u{1F600}'", "a'b\nAB\U0001f600"),
        ('"${k} stays literal"', "${k} stays literal"),
        ("`t ${k} ${1 + 1} ${o.a}`", "t K 2 1"),
        ("`${undefined}|${null}|${true}|${[1, 2]}`", "undefined|null|true|1,2"),
        ("0x1F", 31),
        ("1_000", 1000),
        ("1.5e3", 1500.0),
        ("-2", -2),
        ("'a' + 1", "a1"),
        ("1 + 2 * 3", 7),
        ("7 / 2", 3.5),
        ("null ?? 'd'", "d"),
        ("0 ?? 'd'", 0),
        ("0 || 'd'", "d"),
        ("'' && 'x'", ""),
        ("!''", True),
        ("1 === 1.0", True),
        ("'1' === 1", False),
        ("null == undefined", True),
        ("null === undefined", False),
        ("k !== 'K' ? 'no' : 'yes'", "yes"),
        ("typeof k", "string"),
        ("o?.a", 1),
        ("o.missing?.deep", UNDEFINED),
        ("o['a']", 1),
        ("[1, 2].length", 2),
        ("(k as string)", "K"),
        ("o!.a", 1),
        ("<string>k", "K"),
        ("undefined", UNDEFINED),
        ("null", None),
        ("((a: string, b = 'B') => a + b)('A')", "AB"),
        ("(function (a) { const b = a + 1; return b; })(1)", 2),
        ("secret('GOOGLE_ID')", SecretRef("GOOGLE_ID")),
        ("{ ...o, b: 2, ...undefined, a: 3 }", {"b": 2, "a": 3}),
        ("[...[1, 2], 3]", [1, 2, 3]),
    ],
)
def test_expression(expr: str, expected: Any, tmp_path: Path) -> None:
    result = evaluate(expr, tmp_path)
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == expected
        assert type(result) is type(expected) or isinstance(result, JsObject | JsArray)


def test_object_keeps_key_order_and_locations(tmp_path: Path) -> None:
    result = evaluate("{\n  'quoted-key': 1,\n  bare: [\n    2,\n  ],\n}", tmp_path)
    assert list(result) == ["quoted-key", "bare"]
    assert result.key_locations["bare"].line == 6
    assert result.key_locations["bare"].column == 3
    assert result["bare"].item_locations[0].line == 7


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    result = evaluate("{ é: 'ü', next: 1 }", tmp_path)
    # `const x = { é: 'ü', next`: "next" is character 21 (1-based); byte 23.
    assert result.key_locations["next"].column == 21


def test_process_env_is_read_from_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "resource.ts"
    path.write_text("const x = [process.env.A, process.env['B'], process.env.C];\n")
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {"A": "1", "B": "2"})
    assert evaluator.value_of("x") == ["1", "2", UNDEFINED]
    assert evaluator.env_vars_read == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("new Date()", "`new`"),
        ("/ab+c/", "regular expression"),
        ("{ [k]: 1 }", "computed key"),
        ("{ get g() { return 1 } }", "get function"),
        ("{ async m() { return 1 } }", "async function"),
        ("unknownName", "`unknownName` is not declared"),
        ("k.toUpperCase()", "is a call the loader cannot evaluate statically"),
        ("String.raw`x`", "tagged template"),
        ("o.a.b.c", "cannot read `c` of undefined"),
        ("secret(1)", "secret() takes one string"),
        ("((a) => { if (a) { return 1 } return 2 })(1)", "statement the loader cannot evaluate"),
        ("{ ...'str' }", "cannot spread"),
        ("[...undefined]", "cannot spread"),
    ],
)
def test_unsupported_expression(expr: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        evaluate(expr, tmp_path)
    assert message in info.value.detail
    assert info.value.location is not None
    assert info.value.location.line == 4


def test_self_reference_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "resource.ts"
    path.write_text("const a = b;\nconst b = a;\n")
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {})
    with pytest.raises(DefinitionError, match="refers to itself"):
        evaluator.value_of("a")
