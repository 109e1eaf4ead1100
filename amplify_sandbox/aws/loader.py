"""botocore's data (service models, endpoint rules), parsed once per machine instead of per run.

botocore reads its models from JSON on every start: for one SSM call that is ~2.5 MB of JSON
(the service model, its endpoint rules and the 1.2 MB `endpoints.json`), most of a client's
cost. Three changes, each through botocore's own extension points (a session's `data_loader`
component, a loader's `file_loader`):

- one loader per process, shared by every session: botocore caches what a loader has parsed on
  the loader, so a model is parsed once per process (a watch loop, a second session);
- the loader keeps each file it parsed in the user's cache as `marshal` data, read back ~4 times
  faster than JSON; service models are kept without their documentation (docstrings only:
  three quarters of the bytes). A cached copy is used only while the source file's path, size
  and modification time match and is made again otherwise; a cache that cannot be read or
  written is skipped;
- listing the services that have a model reads folder names only (botocore checks a service
  exists before loading it by looking into every service's folders: ~2,700 file-system calls);
  for a type not every service has (paginators, waiters) only the service's own folders are
  looked into (a client's first paginator: ~1,000 folder reads, ~15 ms).

Import this module after `amplify_sandbox.aws.import_botocore_http()`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import botocore
from botocore.exceptions import DataNotFoundError
from botocore.loaders import JSONFileLoader, Loader, instance_cache
from botocore.session import Session

from amplify_sandbox.functions.esbuild import default_cache_dir

# A marshal file is read back only by the Python that wrote it.
_FORMAT = f"botocore-{botocore.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
_EXTENSIONS = (".json", ".json.gz")  # botocore's, in its order


def _without_documentation(model: Any) -> Any:
    """A service model without its documentation strings (botocore uses them for docstrings)."""
    if not isinstance(model, dict) or "shapes" not in model or "operations" not in model:
        return model
    model.get("metadata", {}).pop("documentation", None)
    model.pop("documentation", None)
    for operation in model["operations"].values():
        operation.pop("documentation", None)
    for shape in model["shapes"].values():
        shape.pop("documentation", None)
        for member in shape.get("members", {}).values():
            member.pop("documentation", None)
    return model


class CachedFileLoader(JSONFileLoader):
    """botocore's JSON file loader, keeping what it parsed as marshal data in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _cached_path(self, source: str, stat: os.stat_result) -> Path:
        key = f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        return self.directory / f"{hashlib.sha256(key).hexdigest()[:32]}.marshal"

    def load_file(self, file_path: str) -> Any:
        for extension in _EXTENSIONS:
            source = file_path + extension
            try:
                stat = os.stat(source)
            except OSError:
                continue
            cached = self._cached_path(source, stat)
            try:
                return marshal.loads(cached.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                pass
            # As botocore's JSONFileLoader, but into plain dicts (ordered as well; marshal
            # keeps only those, and building them is faster than botocore's OrderedDicts).
            with (gzip.open if extension.endswith(".gz") else open)(source, "rb") as file:
                data = json.loads(file.read().decode("utf-8"))
            if file_path.endswith("service-2"):
                data = _without_documentation(data)
            self._keep(cached, data)
            return data
        return None

    def _keep(self, cached: Path, data: Any) -> None:
        try:
            payload = marshal.dumps(data)
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(payload)
            os.replace(temporary, cached)
        except (OSError, ValueError):  # a read-only home, a full disk: parse next time again
            pass


class ListingLoader(Loader):
    """botocore's loader; listing the services that have a model reads folder names only."""

    # Every service has these two (tests/aws/test_client_startup.py checks the listing is the
    # same); for other types (paginators, waiters) botocore's own listing answers.
    EVERY_SERVICE_HAS = frozenset({"service-2", "endpoint-rule-set-1"})

    @instance_cache
    def list_available_services(self, type_name: str) -> list[str]:
        if type_name not in self.EVERY_SERVICE_HAS:
            return super().list_available_services(type_name)
        services: set[str] = set()
        for path in self.search_paths:
            if os.path.isdir(path):
                with os.scandir(path) as entries:
                    services.update(entry.name for entry in entries if entry.is_dir())
        return sorted(services)

    @instance_cache
    def load_service_model(
        self, service_name: str, type_name: str, api_version: str | None = None
    ) -> Any:
        """botocore's; for a type not every service has, whether `service_name` has one is
        asked of its own folders (what botocore's listing of every service finds for it)."""
        if type_name in self.EVERY_SERVICE_HAS or not self._has_type(service_name, type_name):
            # botocore's own steps (and its UnknownServiceError, naming the services that have
            # such a model).
            return super().load_service_model(service_name, type_name, api_version)
        # botocore's steps after its check that the service exists.
        if api_version is None:
            api_version = self.determine_latest_version(service_name, type_name)
        model = self.load_data(os.path.join(service_name, api_version, type_name))
        # botocore's own helpers (not in its type stubs).
        extras = self._find_extras(service_name, type_name, api_version)  # type: ignore[attr-defined]
        self._extras_processor.process(model, extras)  # type: ignore[attr-defined]
        return model

    def _has_type(self, service_name: str, type_name: str) -> bool:
        try:
            return bool(self.list_api_versions(service_name, type_name))
        except DataNotFoundError:
            return False


def cache_dir() -> Path:
    try:
        return default_cache_dir() / _FORMAT
    except (KeyError, RuntimeError):  # no home folder to be found: a cache nobody can write
        return Path("/nonexistent") / _FORMAT


@cache
def shared_loader(data_path: str | None, directory: Path | None = None) -> Loader:
    """The loader for one AWS_DATA_PATH / `data_path` setting (botocore's search paths)."""
    # The search paths as botocore's create_loader makes them.
    paths = data_path.split(os.pathsep) if data_path else []
    return ListingLoader(
        extra_search_paths=[os.path.expanduser(os.path.expandvars(path)) for path in paths],
        file_loader=CachedFileLoader(directory or cache_dir()),
    )


def use_shared_loader(session: Session) -> None:
    """Make `session` load its data with the process's shared loader."""
    data_path = session.get_config_variable("data_path")
    session.register_component("data_loader", shared_loader(data_path))
