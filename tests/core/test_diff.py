"""Only the parts of a field that differ, secrets hidden on both sides (drift included)."""

from __future__ import annotations

from amplify_sandbox.deploy.diff import SENSITIVE, PathChange, field_diff
from amplify_sandbox.deploy.drift import SecretValue, aligned

SECRET = {"Secret": "GOOGLE_SECRET", "digest": "abc"}


def test_a_list_of_named_things_is_compared_by_name_whatever_its_order() -> None:
    old = [
        {"Name": "email", "Required": True, "Mutable": True},
        {"Name": "preferred_username", "Required": True, "Mutable": True},
    ]
    new = [
        {"Mutable": True, "Required": False, "Name": "preferred_username"},
        {"Required": True, "Name": "email", "Mutable": True},
        {"Name": "custom:team", "AttributeDataType": "String"},
    ]
    diff = field_diff("Schema", old, new)
    assert diff.changes == (
        PathChange('Schema["preferred_username"].Required', True, False),
        PathChange('Schema["custom:team"]', None, {"Name": "custom:team", "AttributeDataType": "String"}),
    )  # fmt: skip
    assert diff.unchanged == 1


def test_a_secret_field_is_sensitive_on_both_sides_whatever_it_holds() -> None:
    diff = field_diff(
        "ProviderDetails",
        {"client_secret": "plain-old", "private_key": "pem-old", "authorize_scopes": "a"},
        {"client_secret": SECRET, "private_key": "pem-new", "authorize_scopes": "a"},
    )
    assert diff.changes == (
        PathChange("ProviderDetails.client_secret", SENSITIVE, SENSITIVE),
        PathChange("ProviderDetails.private_key", SENSITIVE, SENSITIVE),
    )
    assert "plain" not in repr(diff) and "pem" not in repr(diff)


def test_drift_aligns_what_the_service_reports_with_what_the_definition_says() -> None:
    wanted = {
        "client_id": "id",
        "client_secret": SecretValue("s3cret"),
        "authorize_scopes": "email",
    }
    symbolic = {"client_id": "id", "client_secret": SECRET, "authorize_scopes": "email"}
    reported = {
        "client_id": "id",
        "client_secret": "s3cret",
        "authorize_scopes": "openid",
        "attributes_url": "https://service.default/",
    }
    old = aligned(wanted, reported, symbolic)
    assert old == {"client_id": "id", "client_secret": SECRET, "authorize_scopes": "openid"}
    changed_outside = aligned(wanted, {**reported, "client_secret": "other"}, symbolic)
    diff = field_diff("ProviderDetails", changed_outside, symbolic)
    assert "other" not in repr(diff) and "s3cret" not in repr(diff)
    assert diff.changes == (
        PathChange("ProviderDetails.authorize_scopes", "openid", "email"),
        PathChange("ProviderDetails.client_secret", SENSITIVE, SENSITIVE),
    )
