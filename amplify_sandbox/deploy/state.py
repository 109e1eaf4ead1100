"""The deployed-state record: what this tool created, with the props it applied.

Stored in the target (SSM Parameter Store, see aws/state_store.py) so a laptop and a CI runner
see the same sandbox; written as changes finish (by one writer: changes that finish during a
write go in the next) so a failed run can be resumed.

Format 2 keeps the old half of a create-first replace, until it is deleted, as a resource with
`retired: true` under the same logical id. Format 1 (read, never written) kept it under the id
`<id>#replaced`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.flat import Flat

STATE_FORMAT = 2
_READABLE_FORMATS = (1, STATE_FORMAT)

# How format 1 marked a retired half: a suffix of its logical id.
_FORMAT_1_RETIRED_MARK = "#replaced"


@dataclass(frozen=True)
class DeployedResource:
    logical_id: str
    kind: ResourceKind
    physical_id: str
    attributes: dict[str, str]
    # Props as applied, with references kept symbolic (resources.to_symbolic).
    props: dict[str, Any]
    # The old half of a replace whose new half is already created: kept only to be deleted.
    retired: bool = False
    # The physical id each referenced resource had when this one was applied: a dependent of a
    # resource replaced since (by a run that died half-way) is applied again.
    refs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeployInfo(Flat):
    """Who the sandbox is and who last deployed it, from where (for `list`, `status`, `gc`)."""

    namespace: str
    identifier: str
    created: str  # ISO 8601, UTC
    created_by: str
    deployed: str
    deployed_by: str
    deployed_from: str  # the host

    value_type = str


@dataclass(frozen=True)
class DeployedState:
    sandbox_id: str
    # The live resources, by logical id (what references resolve to).
    resources: dict[str, DeployedResource] = field(default_factory=dict)
    region: str | None = None
    # Retired halves of replaces, by logical id, still to be deleted.
    retired: dict[str, DeployedResource] = field(default_factory=dict)
    # Written by every deploy that changes something (older records have none).
    about: DeployInfo | None = None
    # referenceAuth: the existing resources used (prop name → id); never created or deleted.
    referenced: dict[str, str] = field(default_factory=dict)

    def with_resource(self, resource: DeployedResource) -> DeployedState:
        if resource.retired:
            return replace(self, retired={**self.retired, resource.logical_id: resource})
        return replace(self, resources={**self.resources, resource.logical_id: resource})

    def without(self, logical_id: str, *, retired: bool = False) -> DeployedState:
        if retired:
            return replace(self, retired=_dropped(self.retired, logical_id))
        return replace(self, resources=_dropped(self.resources, logical_id))

    def retire(self, logical_id: str) -> DeployedState:
        """The live resource becomes the retired half of a replace."""
        current = self.resources[logical_id]
        return self.without(logical_id).with_resource(replace(current, retired=True))

    def get(self, logical_id: str, *, retired: bool = False) -> DeployedResource:
        return (self.retired if retired else self.resources)[logical_id]

    def physical_ids(self) -> set[str]:
        """Every recorded physical id, retired halves included (none may be adopted)."""
        return {r.physical_id for r in (*self.resources.values(), *self.retired.values())}

    def attributes(self) -> dict[str, dict[str, str]]:
        return {key: res.attributes for key, res in self.resources.items()}

    def to_json(self) -> str:
        about = {"about": self.about.as_dict()} if self.about is not None else {}
        referenced = {"referenced": self.referenced} if self.referenced else {}
        return json.dumps(
            {
                **about,
                **referenced,
                "format": STATE_FORMAT,
                "sandbox_id": self.sandbox_id,
                "region": self.region,
                "resources": [
                    {
                        "logical_id": r.logical_id,
                        "kind": str(r.kind),
                        "physical_id": r.physical_id,
                        "attributes": r.attributes,
                        "props": r.props,
                        "retired": r.retired,
                        "refs": r.refs,
                    }
                    for r in (*self.resources.values(), *self.retired.values())
                ],
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> DeployedState:
        data = json.loads(text)
        if data.get("format") not in _READABLE_FORMATS:
            raise ValueError(f"unknown state format {data.get('format')!r}")
        state = cls(
            sandbox_id=data["sandbox_id"],
            region=data.get("region"),
            about=DeployInfo.from_dict(data.get("about")),
            referenced={str(k): str(v) for k, v in (data.get("referenced") or {}).items()},
        )
        for item in data["resources"]:
            logical_id = str(item["logical_id"])
            retired = bool(item.get("retired", False))
            if data["format"] == 1 and logical_id.endswith(_FORMAT_1_RETIRED_MARK):
                logical_id, retired = logical_id.removesuffix(_FORMAT_1_RETIRED_MARK), True
            state = state.with_resource(
                DeployedResource(
                    logical_id=logical_id,
                    kind=ResourceKind(item["kind"]),
                    physical_id=item["physical_id"],
                    attributes=dict(item["attributes"]),
                    props=dict(item["props"]),
                    retired=retired,
                    refs=dict(item.get("refs", {})),
                )
            )
        return state


def _dropped(
    resources: dict[str, DeployedResource], logical_id: str
) -> dict[str, DeployedResource]:
    return {k: v for k, v in resources.items() if k != logical_id}


class StateStore(Protocol):
    """Where the record lives. `load` returns None when this sandbox has never been deployed."""

    def load(self) -> DeployedState | None: ...

    def save(self, state: DeployedState, *, tidy: bool = True) -> None:
        """Write the record. `tidy=False` may leave what the previous record used for the next
        save to remove (a store that splits records into parts saves a round trip)."""

    def clear(self) -> None: ...
