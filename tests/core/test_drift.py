"""Comparing what is wanted with what a service reports (pure)."""

from __future__ import annotations

from amplify_sandbox.deploy.drift import SecretValue, matches, reported_part


def test_extra_keys_and_entries_the_service_adds_are_not_judged() -> None:
    wanted = {"Schema": [{"Name": "email", "Required": True}], "Policies": {"MinimumLength": 8}}
    reported = {
        "Schema": [
            {"Name": "given_name", "Required": False},
            {"Name": "email", "Required": True, "DeveloperOnlyAttribute": False},
        ],
        "Policies": {"MinimumLength": "8", "TemporaryPasswordValidityDays": 7},
    }
    assert matches(wanted, reported)


def test_a_missing_or_changed_nested_value_is_drift() -> None:
    trust = {"Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"aud": "pool"}}}]}
    assert not matches(trust, {"Statement": [{"Effect": "Allow"}]})
    assert not matches(
        trust, {"Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"aud": "x"}}}]}
    )
    assert not matches({"Schema": [{"Name": "tier"}]}, {"Schema": [{"Name": "email"}]})


def test_plain_lists_ignore_order() -> None:
    assert matches(["COGNITO", "Google"], ["Google", "COGNITO"])
    assert not matches(["COGNITO", "Google"], ["COGNITO"])


def test_a_secret_the_service_does_not_report_is_not_judged_but_a_reported_one_is() -> None:
    wanted = {"client_id": "id", "private_key": SecretValue("key")}
    assert matches(wanted, {"client_id": "id"})
    assert matches(wanted, {"client_id": "id", "private_key": "key"})
    assert not matches(wanted, {"client_id": "id", "private_key": "old"})


def test_reported_part_shows_only_what_the_definition_speaks_about() -> None:
    wanted = {"Schema": [{"Name": "email"}], "Policies": {"MinimumLength": 8}}
    reported = {
        "Schema": [{"Name": "email", "Required": True}, {"Name": "zoneinfo"}],
        "Policies": {"MinimumLength": 6, "Other": 1},
    }
    assert reported_part(wanted, reported) == {
        "Schema": [{"Name": "email", "Required": True}],
        "Policies": {"MinimumLength": 6},
    }
