"""The frontend config file Amplify clients read (`amplify_outputs.*` / `amplifyconfiguration.*`),
rendered from what is deployed."""

from amplify_sandbox.outputs.files import outputs_path, remove_outputs
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.outputs.options import (
    DEFAULT_OUTPUTS_FORMAT,
    DEFAULT_OUTPUTS_VERSION,
    OUTPUTS_FORMATS,
    OUTPUTS_VERSIONS,
    check_format,
    check_version,
)
from amplify_sandbox.outputs.render import render_outputs, write_outputs
from amplify_sandbox.outputs.v1 import check_supported

__all__ = [
    "DEFAULT_OUTPUTS_FORMAT",
    "DEFAULT_OUTPUTS_VERSION",
    "OUTPUTS_FORMATS",
    "OUTPUTS_VERSIONS",
    "AuthOutputs",
    "check_format",
    "check_supported",
    "check_version",
    "outputs_path",
    "remove_outputs",
    "render_outputs",
    "write_outputs",
]
