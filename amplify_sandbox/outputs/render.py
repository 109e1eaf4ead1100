"""From deployed auth outputs to file text, for any supported version and format."""

from __future__ import annotations

from pathlib import Path

from amplify_sandbox import __version__
from amplify_sandbox.outputs.files import outputs_path, write_text_atomic
from amplify_sandbox.outputs.formats import to_dart, to_json, to_module
from amplify_sandbox.outputs.legacy import build_legacy, build_mobile
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.outputs.options import check_format, check_version, is_legacy
from amplify_sandbox.outputs.v1 import build_v1

# Written where Amplify writes its own package name and version (the mobile `UserAgent`).
MOBILE_USER_AGENT = f"amplify-sandbox/{__version__}"


def render_outputs(outputs: AuthOutputs, version: str, fmt: str) -> str:
    """The outputs file text.

    v0 follows Amplify exactly. For v1.x Amplify itself only writes json and dart; here
    json-mobile writes the same JSON as json (Gen 2 mobile libraries read `amplify_outputs.json`
    as is) and mjs / ts wrap it as the v0 modules are wrapped (`export default amplifyConfig`).
    """
    check_version(version)
    check_format(fmt)
    if is_legacy(version):
        return _render_legacy(outputs, fmt)
    config = build_v1(outputs, version)
    if fmt in ("json", "json-mobile"):
        return to_json(config)
    if fmt == "dart":
        return to_dart(config, legacy_alias=False)
    return to_module(config)


def _render_legacy(outputs: AuthOutputs, fmt: str) -> str:
    legacy = build_legacy(outputs)
    if fmt == "json":
        return to_json(legacy)
    if fmt in ("mjs", "ts"):
        return to_module(legacy)
    mobile = build_mobile(legacy, MOBILE_USER_AGENT)
    if fmt == "dart":
        return to_dart(mobile, legacy_alias=True)
    return to_json(mobile)


def write_outputs(outputs: AuthOutputs, out_dir: Path, version: str, fmt: str) -> Path:
    path = outputs_path(out_dir, version, fmt)
    write_text_atomic(path, render_outputs(outputs, version, fmt))
    return path
