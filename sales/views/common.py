"""What the sales viewsets share."""

from django.db import transaction
from django.db.models import ProtectedError

from simplycrm.api.errors import Conflict

from ..services import Actor


class SalesViewSetMixin:
    """Gives services the acting member or key, and turns a refused delete into a 409."""

    @property
    def actor(self) -> Actor:
        return Actor.of(self.request.auth)

    def perform_destroy(self, instance) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as exc:
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
            raise Conflict(
                f"Other records still refer to this one ({', '.join(kinds)}); "
                "remove or reassign them first.",
                details={"referenced_by": kinds},
            ) from None
