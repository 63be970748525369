"""An attribute of a fake kept on one of its parts, so there is one copy of it: the one the request handlers read."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Delegated(Generic[T]):
    """``name = Delegated[str]("_ws", "team")`` reads and writes ``obj._ws.team.name``."""

    def __init__(self, *path: str) -> None:
        self._path = path
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _holder(self, obj: Any) -> Any:
        for attr in self._path:
            obj = getattr(obj, attr)
        return obj

    def __get__(self, obj: Any, owner: type[Any] | None = None) -> T:
        return cast(T, getattr(self._holder(obj), self._name))

    def __set__(self, obj: Any, value: T) -> None:
        setattr(self._holder(obj), self._name, value)
