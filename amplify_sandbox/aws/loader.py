"""One botocore data loader per process, shared by every session, with a cheap service listing.

botocore caches what a loader has parsed (service models, endpoint rules) on the loader
instance, and a session makes its own: sharing one means each model is parsed once per process
(a watch loop, a command that makes a second session). Before loading a model botocore checks
that the service exists by listing every service's folders and files (~900 services, ~2,700
file-system calls); here the listing is the folder names only, which answers the same question.

Import this module after `amplify_sandbox.aws.import_botocore_http()`.
"""

from __future__ import annotations

import os
from functools import cache

from botocore.loaders import Loader, instance_cache
from botocore.session import Session


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


@cache
def shared_loader(data_path: str | None) -> Loader:
    """The loader for one AWS_DATA_PATH / `data_path` setting (botocore's search paths)."""
    # As botocore's create_loader.
    paths = data_path.split(os.pathsep) if data_path else []
    return ListingLoader(
        extra_search_paths=[os.path.expanduser(os.path.expandvars(path)) for path in paths]
    )


def use_shared_loader(session: Session) -> None:
    """Make `session` load its data with the process's shared loader."""
    data_path = session.get_config_variable("data_path")
    session.register_component("data_loader", shared_loader(data_path))
