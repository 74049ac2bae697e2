"""Who is making a catalogue change, carried to the model layer that records price history.

A price can change through a request, the admin, an import or a shell; the model layer records
every change (see `catalog.models.pricing`) but cannot see the request. The code that knows the
actor sets it here for the duration of the write, and the recorder reads it back. A context
variable keeps each thread and each asynchronous task apart.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models

from accounts.models import ApiKey, User


class ChangeSource(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "Admin"
    IMPORT = "import", "Import"
    SYSTEM = "system", "System"


@dataclass(frozen=True)
class ChangeActor:
    """A person, a workspace key, or neither (a script), and the way the change came in."""

    user: User | None = None
    api_key: ApiKey | None = None
    source: str = ChangeSource.SYSTEM

    @classmethod
    def from_request(cls, request, source: str = ChangeSource.API) -> "ChangeActor":
        """The caller of an API request or an admin page.

        A workspace key authenticates as `ApiKeyPrincipal`, which is not a saved user (no pk):
        the key itself is recorded instead.
        """
        user = getattr(request, "user", None)
        credential = getattr(request, "auth", None)
        return cls(
            user=user if getattr(user, "pk", None) is not None else None,
            api_key=credential if isinstance(credential, ApiKey) else None,
            source=source,
        )


_ANONYMOUS = ChangeActor()
_current: ContextVar[ChangeActor | None] = ContextVar("catalog_change_actor", default=None)


def current_actor() -> ChangeActor:
    """The actor set by the innermost `acting_as`, or an anonymous system actor."""
    return _current.get() or _ANONYMOUS


@contextmanager
def acting_as(actor: ChangeActor | None) -> Iterator[ChangeActor]:
    """Attribute the writes made inside the block to `actor` (None keeps the current one)."""
    if actor is None:
        yield current_actor()
        return
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
