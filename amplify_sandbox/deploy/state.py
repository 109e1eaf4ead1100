"""The deployed-state record: what this tool created, with the props it applied.

Stored in the target (SSM Parameter Store, see aws/state_store.py) so a laptop and a CI runner
see the same sandbox; written after every change so a failed run can be resumed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from amplify_sandbox.desired.resources import ResourceKind

STATE_FORMAT = 1

# The old half of a replace stays on record under `<id>#replaced` until it is deleted.
RETIRED_MARK = "#replaced"


def retired_id(logical_id: str) -> str:
    return f"{logical_id}{RETIRED_MARK}"


@dataclass(frozen=True)
class DeployedResource:
    logical_id: str
    kind: ResourceKind
    physical_id: str
    attributes: dict[str, str]
    # Props as applied, with references kept symbolic (resources.to_symbolic).
    props: dict[str, Any]


@dataclass(frozen=True)
class DeployedState:
    sandbox_id: str
    resources: dict[str, DeployedResource] = field(default_factory=dict)
    region: str | None = None

    def with_resource(self, resource: DeployedResource) -> DeployedState:
        return replace(self, resources={**self.resources, resource.logical_id: resource})

    def without(self, logical_id: str) -> DeployedState:
        return replace(self, resources={k: v for k, v in self.resources.items() if k != logical_id})

    def attributes(self) -> dict[str, dict[str, str]]:
        return {key: res.attributes for key, res in self.resources.items()}

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": STATE_FORMAT,
                "sandbox_id": self.sandbox_id,
                "region": self.region,
                "resources": [
                    {
                        "logical_id": r.logical_id,
                        "kind": r.kind.value,
                        "physical_id": r.physical_id,
                        "attributes": r.attributes,
                        "props": r.props,
                    }
                    for r in self.resources.values()
                ],
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> DeployedState:
        data = json.loads(text)
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unknown state format {data.get('format')!r}")
        resources = {
            item["logical_id"]: DeployedResource(
                logical_id=item["logical_id"],
                kind=ResourceKind(item["kind"]),
                physical_id=item["physical_id"],
                attributes=dict(item["attributes"]),
                props=dict(item["props"]),
            )
            for item in data["resources"]
        }
        return cls(sandbox_id=data["sandbox_id"], resources=resources, region=data.get("region"))


class StateStore(Protocol):
    """Where the record lives. `load` returns None when this sandbox has never been deployed."""

    def load(self) -> DeployedState | None: ...

    def save(self, state: DeployedState) -> None: ...

    def clear(self) -> None: ...
