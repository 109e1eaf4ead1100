"""What making botocore clients costs at start-up: structure, not time.

The HTTP layer is imported without urllib3's pyOpenSSL shim (botocore takes the standard
library's SSLContext either way), every session shares one data loader (a model is parsed
once per process), and that loader lists the same services as botocore's own."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.exceptions import UnknownServiceError
from botocore.loaders import Loader

from amplify_sandbox.aws.clients import CallLog, make_clients
from amplify_sandbox.aws.loader import ListingLoader, shared_loader

DEAD = "http://127.0.0.1:9"  # clients are built, never called


def test_clients_are_made_without_pyopenssl() -> None:
    code = (
        "import sys\n"
        "from amplify_sandbox.aws.clients import CallLog, make_clients\n"
        f"clients = make_clients(profile=None, region=None, endpoint_url={DEAD!r}, log=CallLog())\n"
        "clients.ssm\n"
        "import botocore.httpsession, ssl\n"
        "assert botocore.httpsession.SSLContext is ssl.SSLContext\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('OpenSSL', 'cryptography')))\n"
        "import urllib3.contrib.pyopenssl  # still importable by whoever wants it\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_stdlib_context_is_the_one_botocore_uses() -> None:
    make_clients(profile=None, region=None, endpoint_url=DEAD, log=CallLog())
    import botocore.httpsession

    assert botocore.httpsession.SSLContext is ssl.SSLContext


def test_sessions_share_one_loader_and_its_models() -> None:
    first = make_clients(profile=None, region=None, endpoint_url=DEAD, log=CallLog())
    second = make_clients(profile=None, region=None, endpoint_url=DEAD, log=CallLog())
    assert first.ssm.meta.service_model.service_name == "ssm"
    loader = first._session.get_component("data_loader")
    assert isinstance(loader, ListingLoader)
    assert second._session.get_component("data_loader") is loader
    # The second client's model is the one the first parsed.
    assert second.ssm.meta.service_model._service_description is (
        first.ssm.meta.service_model._service_description
    )


def test_the_listing_is_botocores() -> None:
    for type_name in ("service-2", "endpoint-rule-set-1", "paginators-1"):
        assert shared_loader(None).list_available_services(type_name) == (
            Loader().list_available_services(type_name)
        ), type_name


def test_a_paginator_model_is_found_without_listing_every_service() -> None:
    loader = ListingLoader()
    model = loader.load_service_model("ssm", "paginators-1")
    assert model == Loader().load_service_model("ssm", "paginators-1")
    # botocore's listing of every service's folders is not made for it.
    assert ("list_available_services", "paginators-1") not in loader._cache
    # A service without such a model: botocore's own error, naming the services that have one.
    for made in (ListingLoader(), Loader()):
        with pytest.raises(UnknownServiceError) as caught:
            made.load_service_model("no-such-service", "paginators-1")
        assert "ssm" in str(caught.value).split("Valid service names are: ")[1].split(", ")


def test_the_data_path_setting_is_kept(tmp_path: Path) -> None:
    loader = shared_loader(f"{tmp_path}:~/models")
    assert loader.search_paths == [
        str(tmp_path),
        str(Path("~/models").expanduser()),
        *Loader().search_paths,
    ]


def test_parsed_data_is_kept_and_read_back(tmp_path: Path) -> None:
    botocore_data = Path(Loader().search_paths[-1])
    loader = shared_loader(None, tmp_path / "cache")
    first = loader.load_service_model("ssm", "service-2")
    kept = list((tmp_path / "cache").glob("*.marshal"))
    assert kept, "nothing kept"
    # A fresh loader on the same cache reads the kept copy: same model, no documentation.
    again = shared_loader(str(tmp_path / "none"), tmp_path / "cache").load_service_model(
        "ssm", "service-2"
    )
    assert again == first
    assert "documentation" not in again["operations"]["GetParameter"]
    assert again["operations"]["GetParameter"]["input"] == {"shape": "GetParameterRequest"}
    # botocore's own parse agrees, documentation aside.
    own = Loader().load_service_model("ssm", "service-2")
    assert list(own["operations"]) == list(again["operations"])
    assert own["shapes"]["GetParameterRequest"]["members"].keys() == (
        again["shapes"]["GetParameterRequest"]["members"].keys()
    )
    assert botocore_data.is_dir()


def test_a_damaged_cache_is_parsed_again(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    shared_loader(None, directory).load_data("endpoints")
    for kept in directory.glob("*.marshal"):
        kept.write_bytes(b"\x00not marshal")
    data = shared_loader("", directory).load_data("endpoints")
    assert data["partitions"][0]["partition"] == "aws"


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    data = shared_loader(None, blocked / "cache").load_data("endpoints")
    assert data["partitions"][0]["partition"] == "aws"


def test_a_no_op_deploy_makes_only_the_ssm_client(seed_project: Path, emulator_port: int) -> None:
    # The no-op reads the state record (SSM) and nothing else: no other client, no other model.
    args = ["deploy", "--local", "--port", str(emulator_port), "--project-dir", str(seed_project)]
    code = (
        "import sys\n"
        "from amplify_sandbox.cli.app import main\n"
        f"sys.argv = ['sandbox', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "from amplify_sandbox.aws.loader import shared_loader\n"
        "models = {key[1] for key in shared_loader(None)._cache if key[0] == 'load_service_model'}\n"
        "print(sorted(models))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "cognito-idp" in first.stdout  # the first deploy creates: it needs them all
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "No changes" in again.stderr
    assert again.stdout.strip() == "['ssm']"


def test_no_home_folder_means_no_cache(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    code = (
        "import pathlib\n"
        "def no_home(): raise RuntimeError('Could not determine home directory.')\n"
        "pathlib.Path.home = staticmethod(no_home)\n"
        "from amplify_sandbox.aws.clients import CallLog, make_clients\n"
        f"clients = make_clients(profile=None, region=None, endpoint_url={DEAD!r}, log=CallLog())\n"
        "print(clients.ssm.meta.service_model.service_name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ssm"
