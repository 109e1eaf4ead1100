"""The `groups` section: user pool group names."""

from __future__ import annotations

import re

from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator

GROUP_NAME = re.compile(r"^[\w\-+=,.@]{1,128}$")


class GroupsSection(Validator):
    """Maps `groups`."""

    def groups(self, val: Val) -> tuple[str, ...]:
        result: list[str] = []
        for item_val in self.items(val, "group names"):
            loc = item_val.loc
            name = self.string(item_val)
            if not GROUP_NAME.match(name):
                raise self.fail(
                    f"invalid group name {name!r}: use letters, digits and _-+=,.@ (at most 128)",
                    loc,
                    item_val.path,
                )
            if name in result:
                raise self.fail(f"group {name!r} is listed twice", loc, item_val.path)
            result.append(name)
        return tuple(result)
