"""Unbroken per-workspace numbering for orders and invoices."""

from django.db import IntegrityError, transaction

from accounts.models import Workspace

from ..models import NumberSequence


def sequence_take(*, workspace: Workspace, name: str, count: int = 1) -> range:
    """The next `count` numbers of the workspace's `name` sequence (which starts at 1).

    Must run inside the transaction that uses the numbers: the counter row stays locked until
    it ends, so concurrent callers wait and take the following numbers, and a rollback hands
    the numbers back. That keeps the sequence free of gaps and repeats.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_take must run inside a transaction")
    counters = NumberSequence.objects.select_for_update().filter(workspace=workspace, name=name)
    counter = counters.first()
    if counter is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(workspace=workspace, name=name)
        except IntegrityError:
            pass  # another transaction created it first; the locked read below waits for it
        counter = counters.get()
    first = counter.last_value + 1
    counter.last_value += count
    counter.save(update_fields=["last_value", "updated_at"])
    return range(first, counter.last_value + 1)


def sequence_next(*, workspace: Workspace, name: str) -> int:
    """The next number of the workspace's `name` sequence; see `sequence_take`."""
    return sequence_take(workspace=workspace, name=name)[0]
