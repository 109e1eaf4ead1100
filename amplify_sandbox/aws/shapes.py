"""Facts read from botocore's service models."""

from __future__ import annotations

from typing import Any


def request_fields(client: Any, operation: str) -> frozenset[str]:
    """The parameter names an operation accepts, from the SDK's own model."""
    shape = client.meta.service_model.operation_model(operation).input_shape
    return frozenset(shape.members) if shape is not None else frozenset()
