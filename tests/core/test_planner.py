"""The planner on its own: pure data in, plan out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from amplify_sandbox.definition.model import AuthDefinition, EmailLogin, LoginWith, PhoneLogin
from amplify_sandbox.deploy.planner import (
    KNOWN_AFTER_APPLY,
    Action,
    Plan,
    build_plan,
    deletion_dependencies,
)
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.build import build_desired
from amplify_sandbox.desired.resources import resolve, to_symbolic, topological_order
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("my-sample-app", "alice")
EMAIL = AuthDefinition(source=Path("resource.ts"), login_with=LoginWith(email=EmailLogin()))


def _deployed(definition: AuthDefinition) -> DeployedState:
    """A state as if `definition` had been applied, with made-up physical ids."""
    desired = build_desired(definition, IDENTITY)
    state = DeployedState(IDENTITY.stack_name)
    for logical_id in topological_order(desired.by_id()):
        resource = desired.by_id()[logical_id]
        resolve(resource.props, state.attributes())  # every reference must already exist
        attributes = {
            "id": f"{logical_id}-id",
            "arn": f"arn:{logical_id}",
            "provider_name": f"idp/{logical_id}",
            "user_pool_id": "userPool-id",
            "name": logical_id,
        }
        state = state.with_resource(
            DeployedResource(
                logical_id,
                resource.kind,
                f"{logical_id}-id",
                attributes,
                to_symbolic(resource.props),
            )
        )
    return state


def _actions(plan: Plan) -> dict[str, Action]:
    return {change.logical_id: change.action for change in plan.changes}


def test_first_deploy_creates_everything_in_dependency_order() -> None:
    plan = build_plan(build_desired(EMAIL, IDENTITY), None)
    assert set(_actions(plan).values()) == {Action.CREATE}
    order = [change.logical_id for change in plan.changes]
    assert order.index("userPool") < order.index("userPoolWebClient") < order.index("identityPool")
    assert order.index("identityPool") < order.index("authenticatedRole")
    assert order[-1] == "identityPoolRoles"
    assert plan.count(Action.CREATE) == 6


def test_nothing_changed_is_all_no_op() -> None:
    plan = build_plan(build_desired(EMAIL, IDENTITY), _deployed(EMAIL))
    assert not plan.has_changes
    assert set(_actions(plan).values()) == {Action.NOOP}


def test_a_changed_template_is_an_update_with_old_and_new() -> None:
    edited = replace(
        EMAIL, login_with=LoginWith(email=EmailLogin(verification_email_subject="Welcome!"))
    )
    plan = build_plan(build_desired(edited, IDENTITY), _deployed(EMAIL))
    assert _actions(plan)["userPool"] is Action.UPDATE
    (field,) = next(c for c in plan.changes if c.logical_id == "userPool").fields
    assert field.name == "VerificationMessageTemplate"
    assert field.old["EmailSubject"] == "Verify your new account"
    assert field.new["EmailSubject"] == "Welcome!"
    assert not field.forces_replacement
    assert plan.count(Action.UPDATE) == 1


def test_a_sign_in_change_replaces_the_pool_and_what_hangs_off_it() -> None:
    with_phone = replace(EMAIL, login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()))
    plan = build_plan(build_desired(with_phone, IDENTITY), _deployed(EMAIL))
    actions = _actions(plan)
    assert actions["smsRole"] is Action.CREATE
    assert actions["userPool"] is Action.REPLACE
    pool = next(c for c in plan.changes if c.logical_id == "userPool")
    forcing = {f.name for f in pool.fields if f.forces_replacement}
    assert forcing == {"UsernameAttributes", "Schema"}
    # A new pool means a new client (its pool id is fixed); the identity pool only updates.
    assert actions["userPoolWebClient"] is Action.REPLACE
    client = next(c for c in plan.changes if c.logical_id == "userPoolWebClient")
    assert client.fields[0].new == KNOWN_AFTER_APPLY
    assert actions["identityPool"] is Action.UPDATE
    assert actions["identityPoolRoles"] is Action.UPDATE
    assert actions["authenticatedRole"] is Action.NOOP


def test_removed_resources_are_deleted_dependents_first() -> None:
    with_groups = replace(EMAIL, groups=("ADMINS", "EDITORS"))
    plan = build_plan(build_desired(EMAIL, IDENTITY), _deployed(with_groups))
    deletes = [c.logical_id for c in plan.changes if c.action is Action.DELETE]
    assert set(deletes) == {"groupADMINS", "groupADMINSRole", "groupEDITORS", "groupEDITORSRole"}
    assert deletes.index("groupADMINS") < deletes.index("groupADMINSRole")
    assert deletes.index("groupEDITORS") < deletes.index("groupEDITORSRole")


def test_a_role_is_deleted_without_waiting_for_its_group_but_a_pool_waits_for_its_client() -> None:
    # Cognito keeps a group's role ARN unchecked; it refuses to lose a pool a client is in.
    state = _deployed(replace(EMAIL, groups=("ADMINS",)))
    waits = deletion_dependencies(state, [(key, False) for key in state.resources])
    assert waits[("groupADMINSRole", False)] == set()
    assert ("groupADMINS", False) in waits[("userPool", False)]
    assert ("userPoolWebClient", False) in waits[("userPool", False)]
    assert ("identityPoolRoles", False) in waits[("authenticatedRole", False)]


def test_delete_everything_is_a_plan_with_nothing_wanted() -> None:
    from amplify_sandbox.desired.resources import DesiredState

    plan = build_plan(DesiredState(()), _deployed(EMAIL))
    order = [c.logical_id for c in plan.changes]
    assert all(c.action is Action.DELETE for c in plan.changes)
    assert order.index("identityPoolRoles") < order.index("identityPool")
    assert order.index("userPoolWebClient") < order.index("userPool")


def test_state_round_trips_through_json() -> None:
    state = _deployed(EMAIL)
    assert DeployedState.from_json(state.to_json()) == state
