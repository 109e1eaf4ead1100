"""The definition fingerprint: stable under formatting, sensitive to content."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from amplify_sandbox.definition import definition_fingerprint, load_definition
from amplify_sandbox.definition.model import AuthDefinition, LoginWith, PhoneLogin

SEED = """import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true } });
"""
SEED_REFORMATTED = """import { defineAuth } from "@aws-amplify/backend";

/** A comment that changes nothing. */
export const auth = defineAuth({
  loginWith: {
    email: true, // trailing comma, too
  },
});
"""


def _write(project: Path, text: str) -> Path:
    auth_dir = project / "amplify" / "auth"
    auth_dir.mkdir(parents=True, exist_ok=True)
    (auth_dir / "resource.ts").write_text(text)
    return project


def test_comment_and_whitespace_edits_keep_the_fingerprint(tmp_path: Path) -> None:
    first = load_definition(_write(tmp_path / "a", SEED), env={})
    second = load_definition(_write(tmp_path / "b", SEED_REFORMATTED), env={})
    assert first.source != second.source
    assert definition_fingerprint(first) == definition_fingerprint(second)


def test_content_change_changes_the_fingerprint(tmp_path: Path) -> None:
    first = load_definition(_write(tmp_path / "a", SEED), env={})
    changed = load_definition(
        _write(tmp_path / "b", SEED.replace("email: true", "email: true, phone: true")), env={}
    )
    assert definition_fingerprint(first) != definition_fingerprint(changed)


def test_fingerprint_is_a_stable_sha256() -> None:
    defn = AuthDefinition(source=Path("x"), login_with=LoginWith(phone=PhoneLogin()))
    assert definition_fingerprint(defn) == definition_fingerprint(
        dataclasses.replace(defn, source=Path("elsewhere"))
    )
    assert len(definition_fingerprint(defn)) == 64
    assert definition_fingerprint(defn) != definition_fingerprint(
        dataclasses.replace(defn, groups=("ADMINS",))
    )


def test_bom_and_crlf_do_not_matter(tmp_path: Path) -> None:
    plain = load_definition(_write(tmp_path / "a", SEED), env={})
    project = tmp_path / "b"
    (project / "amplify" / "auth").mkdir(parents=True)
    data = b"\xef\xbb\xbf" + SEED.replace("\n", "\r\n").encode()
    (project / "amplify" / "auth" / "resource.ts").write_bytes(data)
    assert definition_fingerprint(load_definition(project, env={})) == definition_fingerprint(plain)


def test_where_a_function_is_referenced_is_not_deployed(tmp_path: Path) -> None:
    text = """import { defineAuth, defineFunction } from '@aws-amplify/backend';
const hook = defineFunction({ name: 'hook' });
export const auth = defineAuth({ loginWith: { email: true }, triggers: { preSignUp: hook } });
"""
    first = load_definition(_write(tmp_path / "a", text), env={})
    second = load_definition(
        _write(tmp_path / "b", "\n\n" + text.replace("{ pre", "{\n pre")), env={}
    )
    assert first.triggers[0].function.where != second.triggers[0].function.where
    assert definition_fingerprint(first) == definition_fingerprint(second)
    renamed = load_definition(_write(tmp_path / "c", text.replace("'hook'", "'other'")), env={})
    assert definition_fingerprint(first) != definition_fingerprint(renamed)


def test_warnings_are_not_deployed(tmp_path: Path) -> None:
    defn = AuthDefinition(source=Path("x"), login_with=LoginWith(phone=PhoneLogin()))
    assert definition_fingerprint(defn) == definition_fingerprint(
        dataclasses.replace(defn, warnings=("something",))
    )
