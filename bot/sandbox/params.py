"""Typed, Telegram-worded access to the parameters of one Bot API call."""

from __future__ import annotations

import json as json_module
from typing import Any

from bot.sandbox.api_errors import bad_request

JsonDict = dict[str, Any]


class Params:
    """The decoded parameters of a call; each getter fails with Telegram's 400 wording."""

    def __init__(self, values: JsonDict) -> None:
        self.values = values

    def has(self, name: str) -> bool:
        """Return whether ``name`` was sent."""
        return self.values.get(name) is not None

    def integer(self, name: str) -> int:
        """Return a required integer parameter."""
        value = self.optional_integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def optional_integer(self, name: str) -> int | None:
        """Return an integer parameter, or ``None`` when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                raise bad_request(f"invalid {name} specified") from None
        raise bad_request(f"invalid {name} specified")

    def number(self, name: str, default: float) -> float:
        """Return a number parameter, or ``default`` when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def text(self, name: str) -> str | None:
        """Return a string parameter, or ``None`` when absent."""
        value = self.values.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        """Return a boolean parameter (absent means false)."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in {"true", "1"}
        return bool(value)

    def json(self, name: str) -> Any:
        """Return a JSON parameter (object or array), decoding it if it came as text."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json_module.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value
