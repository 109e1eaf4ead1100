"""The deployed-state record in SSM Parameter Store, under the sandbox's own path.

The JSON is compressed (`z1:` + base64 of zlib), so a whole record nearly always fits one
standard (free, 4 KB) parameter and is replaced in one atomic write. A larger one is split into
numbered parts read back with one GetParametersByPath call; only parts that changed are written.
"""

from __future__ import annotations

import base64
import zlib
from typing import TYPE_CHECKING

from amplify_sandbox.deploy.state import DeployedState
from amplify_sandbox.errors import TargetError

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

_PART_SIZE = 4000
_COMPRESSED = "z1:"


def encode(state: DeployedState) -> str:
    packed = zlib.compress(state.to_json().encode("utf-8"), level=9)
    return _COMPRESSED + base64.b64encode(packed).decode("ascii")


def decode(text: str) -> DeployedState:
    if text.startswith(_COMPRESSED):
        text = zlib.decompress(base64.b64decode(text[len(_COMPRESSED) :])).decode("utf-8")
    return DeployedState.from_json(text)


class SsmStateStore:
    def __init__(self, client: SSMClient, path: str) -> None:
        self._client = client
        self._path = path
        self._parts: list[str] = []

    def _read_parts(self) -> list[str]:
        found: dict[int, str] = {}
        for page in self._client.get_paginator("get_parameters_by_path").paginate(
            Path=self._path, Recursive=False
        ):
            for parameter in page["Parameters"]:
                index = parameter["Name"].rsplit("/", 1)[-1]
                if index.isdigit():
                    found[int(index)] = parameter["Value"]
        return [found[i] for i in sorted(found)]

    def load(self) -> DeployedState | None:
        self._parts = self._read_parts()
        if not self._parts:
            return None
        try:
            return decode("".join(self._parts))
        except (ValueError, zlib.error) as exc:
            raise TargetError(
                f"The state record under {self._path} cannot be read ({exc}).",
                hint="`sandbox delete` removes what is tagged as this sandbox's; or delete the "
                f"parameters under {self._path} and deploy again (resources are adopted).",
            ) from exc

    def save(self, state: DeployedState) -> None:
        text = encode(state)
        parts = [text[i : i + _PART_SIZE] for i in range(0, len(text), _PART_SIZE)]
        for index, part in enumerate(parts):
            if index < len(self._parts) and self._parts[index] == part:
                continue
            self._client.put_parameter(
                Name=f"{self._path}/{index}", Value=part, Type="String", Overwrite=True
            )
        stale = [f"{self._path}/{i}" for i in range(len(parts), len(self._parts))]
        for start in range(0, len(stale), 10):
            self._client.delete_parameters(Names=stale[start : start + 10])
        self._parts = parts

    def clear(self) -> None:
        names = [f"{self._path}/{i}" for i in range(len(self._read_parts()))]
        for start in range(0, len(names), 10):
            self._client.delete_parameters(Names=names[start : start + 10])
        self._parts = []
