"""One router per module, and the aggregated `/api/<resource>/` routes built from all of them.

Each resource is served at `/api/<module>/<resource>/` and, for older clients, at
`/api/<resource>/` (marked deprecated in the schema). Resource names are unique across modules so
the aggregated routes never collide; registering a name twice fails at start-up.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.routers import SimpleRouter

# Paths directly under /api/ that belong to the server itself, never to a resource.
RESERVED_NAMES = frozenset(
    {
        "auth",
        "health",
        "schema",
        "docs",
        "catalog",
        "sales",
        "analytics",
        "automation",
        "integrations",
        "assistant",
    }
)

# prefix -> (module, viewset, basename) for every registered resource, in registration order.
_REGISTRY: dict[str, tuple[str, type, str]] = {}


class ModuleRouter(SimpleRouter):
    """Routes of one module; the viewset's `resource` must read `<module>.<prefix>`."""

    def __init__(self, module: str):
        super().__init__()
        self.module = module

    def register(self, prefix, viewset, basename=None):
        expected = f"{self.module}.{prefix}"
        if getattr(viewset, "resource", None) != expected:
            raise ImproperlyConfigured(f"{viewset.__name__}.resource must be {expected!r}")
        if prefix in RESERVED_NAMES:
            raise ImproperlyConfigured(f"/api/{prefix}/ is reserved for the server")
        if prefix in _REGISTRY and _REGISTRY[prefix][1] is not viewset:
            raise ImproperlyConfigured(f"Two resources are named {prefix!r}: names must be unique")
        basename = basename or f"{self.module}-{prefix}"
        _REGISTRY[prefix] = (self.module, viewset, basename)
        super().register(prefix, viewset, basename=basename)


def aggregated_router() -> SimpleRouter:
    """Every registered resource again at `/api/<resource>/`, under `legacy-` route names."""
    router = SimpleRouter()
    for prefix, (_module, viewset, basename) in _REGISTRY.items():
        router.register(prefix, viewset, basename=f"legacy-{basename}")
    return router


def registered_resources() -> dict[str, tuple[str, type, str]]:
    return dict(_REGISTRY)
