"""Fixtures for functions: one esbuild installed per session through the tool's own first-use
path (npm into a temp cache), and a small Amplify-shaped project with a TypeScript handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.functions.esbuild import install_esbuild


@pytest.fixture(scope="session")
def esbuild_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """(cache dir, the messages the first-use install reported)."""
    cache = tmp_path_factory.mktemp("esbuild-cache")
    messages: list[str] = []
    install_esbuild(cache, notify=messages.append)
    return cache, messages


@pytest.fixture
def esbuild_cache(esbuild_install: tuple[Path, list[str]]) -> Path:
    return esbuild_install[0]


HANDLER_TS = """\
import { env } from '$amplify/env/post-confirmation';
import { greeting } from './greeting';

type Event = { userName: string; response: Record<string, unknown> };

export const handler = async (event: Event) => {
  console.log('confirming', event.userName);
  return { ...event, response: { group: env.GROUP_NAME, text: greeting(event.userName) } };
};
"""

GREETING_TS = """\
export const greeting = (name: string): string => `hello ${name}`;
"""


@pytest.fixture
def ts_project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    folder = root / "amplify" / "auth" / "post-confirmation"
    folder.mkdir(parents=True)
    (folder / "handler.ts").write_text(HANDLER_TS, encoding="utf-8")
    (folder / "greeting.ts").write_text(GREETING_TS, encoding="utf-8")
    (folder / "resource.ts").write_text(
        "import { defineFunction } from '@aws-amplify/backend';\n"
        "export const postConfirmation = defineFunction({ name: 'post-confirmation' });\n",
        encoding="utf-8",
    )
    return root
