"""The resource.ts evaluator on single expressions: JavaScript semantics of the supported subset,
and a located error for everything else."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.definition.ts import Evaluator, SourceFile
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
        ("{ a: 1, ...(false && { b: 2 }), ...(true && { c: 3 }) }", {"a": 1, "c": 3}),
        # tier 3: statement bodies and the whitelisted pure methods
        ("((a) => { if (a) { return 1 } return 2 })(1)", 1),
        ("((a) => { if (a) { return 1 } else if (a === 0) { return 0 } return 2 })(0)", 0),
        ("((a) => { if (a) return 1; else { const b = a ?? 5; return b } })(null)", 5),
        ("(() => { { const b = 1; } })()", UNDEFINED),
        ("' A b '.trim().toLowerCase()", "a b"),
        ("'x'.toUpperCase() + 'Y'.toLowerCase()", "Xy"),
        ("'a-b-c'.replace('-', '+')", "a+b-c"),
        ("'a,b,,c'.split(',')", ["a", "b", "", "c"]),
        ("'ab'.split('')", ["a", "b"]),
        ("'feature/x'.startsWith('feature/') && 'x.ts'.endsWith('.ts')", True),
        ("'abc'.includes('b')", True),
        ("[1, 2, 3].map((n) => n * 2).filter((n) => n > 2)", [4, 6]),
        ("['a', 'b'].map((s, i) => s + i).join('|')", "a0|b1"),
        ("[1, null, 'x'].join()", "1,,x"),
        ("[1, 2].includes(2)", True),
        ("o.a === 1 ? k.toLowerCase() : 'no'", "k"),
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
        ("k.padStart(3)", "`k.padStart()` is a call the loader cannot evaluate statically"),
        ("JSON.stringify(o)", "`JSON.stringify()` is a call the loader cannot evaluate"),
        ("'a'.split(/,/)", "regular expression"),
        ("[1].map('x')", "expected a function"),
        ("'a'.includes(1)", "evaluated only with string arguments"),
        ("String.raw`x`", "tagged template"),
        ("o.a.b.c", "cannot read `c` of undefined"),
        ("secret(1)", "secret() takes one string"),
        ("((a) => { for (const x of a) {} return 2 })([1])", "statement the loader cannot"),
        ("((a) => { let b = 1; return b })(1)", "statement the loader cannot evaluate"),
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


def test_step_limit_stops_runaway_helpers(tmp_path: Path) -> None:
    path = tmp_path / "resource.ts"
    items = ", ".join(["1"] * 200)
    path.write_text(
        f"const xs = [{items}];\nconst x = xs.map(() => xs.map(() => xs.map((n) => n)));\n"
    )
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {})
    with pytest.raises(DefinitionError, match="more than 10000 steps"):
        evaluator.value_of("x")


def test_imports_follow_local_modules(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "index.ts").write_text(
        "export const greet = (n: string) => `hi ${n}`;\nexport default { n: 1 };\n"
    )
    (tmp_path / "other.mts").write_text("export const NAME = process.env.WHO ?? 'anon';\n")
    path = tmp_path / "resource.ts"
    path.write_text(
        "import * as lib from './lib';\nimport cfg from './lib/index.js';\n"
        "import { NAME } from './other.mjs';\n"
        "const x = [lib.greet(NAME), cfg.n, lib.default.n];\n"
    )
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {"WHO": "bo"})
    assert evaluator.value_of("x") == ["hi bo", 1, 1]
    assert evaluator.env_vars_read == ["WHO"]


def test_define_function_props_are_evaluated(tmp_path: Path) -> None:
    # defineFunction's props are read as Amplify reads them; what cannot be evaluated is refused
    # at its file:line (it was skipped when functions were not deployed).
    path = tmp_path / "resource.ts"
    path.write_text(
        "import { defineFunction } from '@aws-amplify/backend-function';\n"
        "const fn = defineFunction({ name: 'f', environment: { X: new Date() } });\n"
        "const x = fn;\n"
    )
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {})
    with pytest.raises(DefinitionError) as refused:
        evaluator.value_of("x")
    assert refused.value.location is not None and refused.value.location.line == 2


def test_define_function_from_another_package_is_not_amplify(tmp_path: Path) -> None:
    path = tmp_path / "resource.ts"
    path.write_text("import { defineFunction } from 'my-lib';\nconst x = defineFunction({});\n")
    evaluator = Evaluator(SourceFile(path, path.read_bytes()), {})
    with pytest.raises(DefinitionError, match="cannot evaluate statically"):
        evaluator.value_of("x")
