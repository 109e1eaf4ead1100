"""The warm runner: real Node and Python processes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from amplify_sandbox.local.triggers import events
from amplify_sandbox.local.triggers.responses import failure_from
from amplify_sandbox.local.triggers.runner import (
    FAKE_ACCESS_KEY_ID,
    FunctionRunner,
    InvocationError,
    InvocationTimeout,
    RunnerConfig,
    RunnerPool,
)

NODE_HANDLER = """\
export const handler = async (event, context) => {
  console.log('event for', event.userName);
  if (event.request.userAttributes.email.endsWith('@blocked.test')) {
    throw new Error('Invalid email domain');
  }
  if (event.request.userAttributes.email.endsWith('@slow.test')) {
    await new Promise((resolve) => setTimeout(resolve, 60000));
  }
  if (event.request.userAttributes.email.endsWith('@env.test')) {
    const url = process.env.AWS_ENDPOINT_URL;
    const reply = await fetch(`${url}/moto-api/data.json`);
    return { ...event, response: { status: reply.status, url,
      keyId: process.env.AWS_ACCESS_KEY_ID, profile: process.env.AWS_PROFILE ?? null,
      region: process.env.AWS_REGION, domain: process.env.DOMAIN, pid: process.pid } };
  }
  event.response.autoConfirmUser = event.request.userAttributes.email.endsWith('@example.com');
  return { ...event, pid: process.pid, requestId: context.awsRequestId };
};
"""

CALLBACK_HANDLER = """\
export const handler = (event, context, callback) => {
  callback(null, { ...event, response: { answerCorrect: true } });
};
"""

PY_HANDLER = """\
import os


def handler(event, context):
    print("python sees", event["userName"], os.environ["DOMAIN"])
    if event["userName"] == "bad":
        raise ValueError("no bad users")
    event["response"]["autoConfirmUser"] = True
    event["response"]["remaining"] = context.get_remaining_time_in_millis() > 0
    return event
"""


def _event(email: str, user: str = "u1") -> dict:  # type: ignore[type-arg]
    return events.pre_sign_up(
        "PreSignUp_SignUp",
        region="us-east-1",
        user_pool_id="us-east-1_abc",
        user_name=user,
        client_id="client",
        attributes={"email": email},
    )


@pytest.fixture
def node_code(tmp_path: Path) -> Path:
    (tmp_path / "index.mjs").write_text(NODE_HANDLER, encoding="utf-8")
    (tmp_path / "callback.mjs").write_text(CALLBACK_HANDLER, encoding="utf-8")
    return tmp_path


def _config(code: Path, **overrides: object) -> RunnerConfig:
    values: dict[str, object] = {
        "name": "pre-sign-up",
        "code_dir": code,
        "entry_file": "index.mjs",
        "runtime": "nodejs20.x",
        "environment": (("DOMAIN", "example.com"),),
        "timeout_seconds": 3,
    }
    values.update(overrides)
    return RunnerConfig(**values)  # type: ignore[arg-type]


def test_node_invocations_stay_warm_and_log_with_the_name(node_code: Path) -> None:
    logs: list[tuple[str, str]] = []
    runner = FunctionRunner(_config(node_code), on_log=lambda n, line: logs.append((n, line)))
    try:
        first = runner.invoke(_event("a@example.com", "ana"))
        second = runner.invoke(_event("b@other.test", "ben"))
    finally:
        runner.close()
    assert first["response"]["autoConfirmUser"] is True
    assert second["response"]["autoConfirmUser"] is False
    assert first["pid"] == second["pid"] and runner.starts == 1
    assert logs == [("pre-sign-up", "event for ana"), ("pre-sign-up", "event for ben")]


def test_thrown_error_becomes_cognitos_message(node_code: Path) -> None:
    runner = FunctionRunner(_config(node_code))
    try:
        with pytest.raises(InvocationError) as caught:
            runner.invoke(_event("x@blocked.test"))
        # The process survives a thrown error.
        assert runner.warm
    finally:
        runner.close()
    failure = failure_from("preSignUp", caught.value)
    assert failure.error_type == "UserLambdaValidationException"
    assert failure.message == "PreSignUp failed with error Invalid email domain."


def test_timeout_kills_the_process_and_the_next_call_is_cold(node_code: Path) -> None:
    runner = FunctionRunner(_config(node_code, timeout_seconds=0.5))
    try:
        with pytest.raises(InvocationTimeout) as caught:
            runner.invoke(_event("x@slow.test"))
        assert not runner.warm
        assert runner.invoke(_event("y@example.com"))["response"]["autoConfirmUser"] is True
        assert runner.starts == 2
    finally:
        runner.close()
    message = failure_from("preSignUp", caught.value).message
    assert message.startswith("PreSignUp failed with error ")
    assert message.endswith("Task timed out after 0.50 seconds.")


def test_sdk_environment_points_at_the_emulator(
    node_code: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "developer-profile")
    runner = FunctionRunner(_config(node_code, endpoint_url=emulator_url, region="eu-west-1"))
    try:
        result = runner.invoke(_event("z@env.test"))
    finally:
        runner.close()
    # The emulator's admin endpoint refuses a call without its token: the request reached it.
    assert result["response"] == {
        "status": 403,
        "url": emulator_url,
        "keyId": FAKE_ACCESS_KEY_ID,
        "profile": None,
        "region": "eu-west-1",
        "domain": "example.com",
        "pid": result["response"]["pid"],
    }


def test_callback_style_handler(node_code: Path) -> None:
    runner = FunctionRunner(_config(node_code, entry_file="callback.mjs"))
    try:
        assert runner.invoke({"response": {}})["response"] == {"answerCorrect": True}
    finally:
        runner.close()


def test_missing_export_is_lambdas_error(node_code: Path) -> None:
    runner = FunctionRunner(_config(node_code, handler_export="main"))
    try:
        with pytest.raises(InvocationError) as caught:
            runner.invoke({})
    finally:
        runner.close()
    assert caught.value.error_type == "Runtime.HandlerNotFound"


def test_python_handler(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text(textwrap.dedent(PY_HANDLER), encoding="utf-8")
    logs: list[tuple[str, str]] = []
    config = _config(tmp_path, entry_file="handler.py", runtime="python3.13")
    runner = FunctionRunner(config, on_log=lambda n, line: logs.append((n, line)))
    try:
        result = runner.invoke(_event("a@b.test", "ana"))
        with pytest.raises(InvocationError) as caught:
            runner.invoke(_event("a@b.test", "bad"))
        assert runner.starts == 1
    finally:
        runner.close()
    assert result["response"]["autoConfirmUser"] is True
    assert result["response"]["remaining"] is True
    assert ("pre-sign-up", "python sees ana example.com") in logs
    assert (caught.value.error_type, caught.value.error_message) == ("ValueError", "no bad users")
    assert json.dumps(result)


def test_pool_replaces_a_process_when_config_changes(node_code: Path) -> None:
    pool = RunnerPool()
    try:
        first = pool.invoke(_config(node_code), _event("a@example.com"))
        same = pool.invoke(_config(node_code), _event("a@example.com"))
        changed = pool.invoke(_config(node_code, code_sha256="new"), _event("a@example.com"))
    finally:
        pool.close()
    assert first["pid"] == same["pid"] != changed["pid"]


def test_a_crashing_process_is_an_error_and_the_next_call_restarts(tmp_path: Path) -> None:
    (tmp_path / "index.mjs").write_text(
        "export const handler = async (event) => {\n"
        "  if (event.crash) process.exit(7);\n"
        "  return { ok: true };\n"
        "};\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.mjs").write_text("export const handler = ;\n", encoding="utf-8")
    runner = FunctionRunner(_config(tmp_path))
    broken = FunctionRunner(_config(tmp_path, entry_file="broken.mjs"))
    try:
        with pytest.raises(InvocationError) as crashed:
            runner.invoke({"crash": True})
        assert runner.invoke({}) == {"ok": True}
        assert runner.starts == 2
        with pytest.raises(InvocationError) as syntax:
            broken.invoke({})
    finally:
        runner.close()
        broken.close()
    assert crashed.value.error_type == "Runtime.ExitError"
    assert syntax.value.error_type == "Runtime.UserCodeSyntaxError"


PY_POST_CONFIRMATION = """\
import os

import boto3

client = boto3.client("cognito-idp")


def handler(event, context):
    client.admin_add_user_to_group(
        UserPoolId=event["userPoolId"], Username=event["userName"], GroupName=os.environ["GROUP_NAME"]
    )
    return event
"""


def test_python_handler_sdk_calls_reach_the_emulator(tmp_path: Path, emulator_url: str) -> None:
    """The issue's post-confirmation example, in Python: boto3 inside the function (no endpoint
    in the code) adds the user to the group in the emulator."""
    import boto3

    cognito = boto3.client("cognito-idp", endpoint_url=emulator_url, region_name="us-east-1")
    pool_id = cognito.create_user_pool(PoolName="p")["UserPool"]["Id"]
    cognito.create_group(UserPoolId=pool_id, GroupName="EVERYONE")
    cognito.admin_create_user(UserPoolId=pool_id, Username="ana")
    (tmp_path / "handler.py").write_text(PY_POST_CONFIRMATION, encoding="utf-8")
    config = _config(
        tmp_path,
        name="post-confirmation",
        entry_file="handler.py",
        runtime="python3.13",
        environment=(("GROUP_NAME", "EVERYONE"),),
        endpoint_url=emulator_url,
        timeout_seconds=10,
    )
    event = events.post_confirmation(
        "PostConfirmation_ConfirmSignUp",
        region="us-east-1",
        user_pool_id=pool_id,
        user_name="ana",
        client_id="client",
        attributes={},
    )
    runner = FunctionRunner(config)
    try:
        runner.invoke(event)
    finally:
        runner.close()
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username="ana")["Groups"]
    assert [g["GroupName"] for g in groups] == ["EVERYONE"]
