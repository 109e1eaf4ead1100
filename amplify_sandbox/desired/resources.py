"""The desired-state vocabulary: resource kinds, references between resources, and resolution."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ResourceKind(StrEnum):
    USER_POOL = "user_pool"
    USER_POOL_CLIENT = "user_pool_client"
    USER_POOL_GROUP = "user_pool_group"
    USER_POOL_IDENTITY_PROVIDER = "user_pool_identity_provider"
    USER_POOL_DOMAIN = "user_pool_domain"
    IDENTITY_POOL = "identity_pool"
    IAM_ROLE = "iam_role"
    IDENTITY_POOL_ROLES = "identity_pool_roles"
    LAMBDA_FUNCTION = "lambda_function"
    LAMBDA_PERMISSION = "lambda_permission"
    USER_POOL_LAMBDA_CONFIG = "user_pool_lambda_config"


@dataclass(frozen=True)
class Ref:
    """An attribute of another resource, known once that resource exists (`userPool.id`).

    `known`: what the attribute will be, where that follows from facts at hand before the
    resource exists (an IAM role's ARN from its name). Set only where the call taking the value
    keeps it as given without looking it up (a Cognito group's role): that call may then go at
    the same time as the resource's own. Not part of the reference's identity or record.
    """

    logical_id: str
    attribute: str
    known: Any = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.logical_id}.{self.attribute}"


@dataclass(frozen=True)
class Join:
    """A string built from literals and references."""

    parts: tuple[str | Ref, ...]


@dataclass(frozen=True)
class Secret:
    """A secret's value, filled in just before a call and never recorded (only its digest)."""

    name: str


class Unresolved(Exception):
    """A reference to something that does not exist yet."""


@dataclass(frozen=True)
class DesiredResource:
    logical_id: str
    kind: ResourceKind
    props: Mapping[str, Any]

    @property
    def dependencies(self) -> frozenset[str]:
        return frozenset(ref.logical_id for ref in iter_refs(self.props))


@dataclass(frozen=True)
class DesiredState:
    """Every resource the definition asks for, in dependency order, and the tags they carry.

    `secret_digests` maps each secret name used in props to a salted digest of its value, so
    a changed secret shows as a changed field without the value being kept anywhere.
    """

    resources: tuple[DesiredResource, ...]
    tags: Mapping[str, str] = field(default_factory=dict)
    secret_digests: Mapping[str, str] = field(default_factory=dict)

    def by_id(self) -> dict[str, DesiredResource]:
        return {resource.logical_id: resource for resource in self.resources}


def iter_refs(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Join):
        for part in value.parts:
            yield from iter_refs(part)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from iter_refs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_refs(item)


def known_only(props: Any) -> frozenset[str]:
    """The logical ids that `props` refers to only with references whose value is `known`."""
    refs = list(iter_refs(props))
    return frozenset(
        ref.logical_id
        for ref in refs
        if all(other.known is not None for other in refs if other.logical_id == ref.logical_id)
    )


def with_known(value: Any, pending: AbstractSet[str]) -> Any:
    """`value` with each reference to a `pending` resource that has a `known` value replaced by
    it (the resource's own call is still under way)."""
    if isinstance(value, Ref):
        return value.known if value.logical_id in pending and value.known is not None else value
    if isinstance(value, Join):
        return Join(tuple(with_known(part, pending) for part in value.parts))
    if isinstance(value, Mapping):
        return {key: with_known(item, pending) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [with_known(item, pending) for item in value]
    return value


def resolve(
    value: Any,
    attributes: Mapping[str, Mapping[str, str]],
    secrets: Mapping[str, str] | None = None,
) -> Any:
    """Replace every Ref/Join with its value from `attributes[logical_id][attribute]`, and
    every Secret with its value from `secrets`."""
    if isinstance(value, Secret):
        if secrets is None or value.name not in secrets:
            raise Unresolved(f"secret {value.name}")
        return secrets[value.name]
    if isinstance(value, Ref):
        try:
            return attributes[value.logical_id][value.attribute]
        except KeyError as exc:
            raise Unresolved(str(value)) from exc
    if isinstance(value, Join):
        return "".join(str(resolve(part, attributes, secrets)) for part in value.parts)
    if isinstance(value, Mapping):
        return {key: resolve(item, attributes, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(item, attributes, secrets) for item in value]
    return value


def to_symbolic(value: Any, secret_digests: Mapping[str, str] | None = None) -> Any:
    """A JSON-safe form of props in which references stay symbolic and secrets appear only as
    digests, for recording and diffing."""
    digests = secret_digests or {}
    if isinstance(value, Secret):
        return {"Secret": value.name, "digest": digests.get(value.name)}
    if isinstance(value, Ref):
        return {"Ref": str(value)}
    if isinstance(value, Join):
        return {"Join": [to_symbolic(part, digests) for part in value.parts]}
    if isinstance(value, Mapping):
        return {key: to_symbolic(item, digests) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_symbolic(item, digests) for item in value]
    return value


def secret_digest(sandbox_id: str, name: str, value: str) -> str:
    """A digest of a secret's value, salted with the sandbox and the secret's name."""
    material = f"amplify-sandbox:{sandbox_id}:{name}:".encode() + value.encode()
    return hashlib.sha256(material).hexdigest()


def topological_order(resources: Mapping[str, DesiredResource]) -> list[str]:
    """Logical ids so that every resource comes after what it references."""
    order: list[str] = []
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(logical_id: str) -> None:
        if logical_id in done:
            return
        if logical_id in visiting:
            raise ValueError(f"dependency cycle through {logical_id}")
        visiting.add(logical_id)
        for dep in sorted(resources[logical_id].dependencies):
            if dep in resources:
                visit(dep)
        visiting.discard(logical_id)
        done.add(logical_id)
        order.append(logical_id)

    for logical_id in resources:
        visit(logical_id)
    return order
