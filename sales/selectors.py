"""Reads of the sales module: the querysets lists are built on, and a deal's timeline.

Each list queryset loads what its serializer shows in a fixed number of queries, however many
rows a page holds.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from .models import (
    Attachment,
    Company,
    Contact,
    DealActivity,
    Invoice,
    Note,
    Opportunity,
    Order,
    OrderLine,
    Pipeline,
    Stage,
    StageChange,
)


def company_queryset() -> QuerySet[Company]:
    return Company.objects.select_related("owner").prefetch_related("tags")


def contact_queryset() -> QuerySet[Contact]:
    return Contact.objects.select_related("owner", "company").prefetch_related("tags", "companies")


def pipeline_queryset() -> QuerySet[Pipeline]:
    return Pipeline.objects.prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("position", "id"))
    )


def stage_change_queryset() -> QuerySet[StageChange]:
    return StageChange.objects.select_related("changed_by", "changed_by_api_key").order_by(
        "changed_at", "id"
    )


def opportunity_queryset() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("stage", "owner").prefetch_related(
        "tags",
        "contacts",
        Prefetch("stage_history", queryset=stage_change_queryset()),
    )


def note_queryset() -> QuerySet[Note]:
    return Note.objects.select_related("author", "author_api_key")


def attachment_queryset() -> QuerySet[Attachment]:
    return Attachment.objects.select_related("uploaded_by", "uploaded_by_api_key")


def activity_queryset() -> QuerySet[DealActivity]:
    return DealActivity.objects.select_related("logged_by", "logged_by_api_key").prefetch_related(
        "contacts", "users"
    )


def order_queryset() -> QuerySet[Order]:
    return Order.objects.select_related("created_by", "created_by_api_key").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("position", "id"))
    )


def invoice_queryset() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("created_by", "created_by_api_key")


# --- A deal's timeline ----------------------------------------------------------------------

# Entries at the same instant are ordered by type, then by id, so a page boundary never
# splits or repeats them.
TIMELINE_TYPES = ("stage_change", "note", "file", "activity")


@dataclass(frozen=True)
class TimelineEntry:
    type: str
    at: datetime
    object: Any

    @property
    def sort_key(self) -> tuple[datetime, int, int]:
        return self.at, TIMELINE_TYPES.index(self.type), self.object.pk


@dataclass(frozen=True)
class TimelineCursor:
    """Where the previous page ended: the last entry's time, type and id."""

    at: datetime
    type: str
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.type, self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "TimelineCursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            at_text, kind, pk = json.loads(raw)
            at = parse_datetime(at_text)
            if at is None or kind not in TIMELINE_TYPES or not isinstance(pk, int):
                raise ValueError(text)
        except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
            raise ValidationError({"cursor": ["This cursor is not valid."]}) from None
        return cls(at, kind, pk)


def _after_cursor(kind: str, time_field: str, cursor: TimelineCursor | None) -> Q:
    """Rows of `kind` that come after `cursor` in the newest-first order."""
    if cursor is None:
        return Q()
    earlier = Q(**{f"{time_field}__lt": cursor.at})
    rank, cursor_rank = TIMELINE_TYPES.index(kind), TIMELINE_TYPES.index(cursor.type)
    if rank < cursor_rank:
        return earlier | Q(**{time_field: cursor.at})
    if rank == cursor_rank:
        return earlier | Q(**{time_field: cursor.at, "pk__lt": cursor.id})
    return earlier


def opportunity_timeline(
    *,
    opportunity: Opportunity,
    with_activities: bool,
    limit: int,
    cursor: TimelineCursor | None = None,
) -> tuple[list[TimelineEntry], TimelineCursor | None]:
    """The deal's stage moves, notes, files and (when allowed) activities, newest first.

    Returns one page of at most `limit` entries and the cursor of the next page, if any.
    """
    sources: list[tuple[str, str, QuerySet]] = [
        ("stage_change", "changed_at", stage_change_queryset()),
        ("note", "created_at", note_queryset()),
        ("file", "created_at", attachment_queryset()),
    ]
    if with_activities:
        sources.append(("activity", "occurred_at", activity_queryset()))

    entries: list[TimelineEntry] = []
    for kind, time_field, queryset in sources:
        rows = (
            queryset.filter(opportunity=opportunity)
            .filter(_after_cursor(kind, time_field, cursor))
            .order_by(f"-{time_field}", "-pk")[: limit + 1]
        )
        entries.extend(TimelineEntry(kind, getattr(row, time_field), row) for row in rows)

    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    page = entries[:limit]
    if len(entries) <= limit:
        return page, None
    last = page[-1]
    return page, TimelineCursor(last.at, last.type, last.object.pk)
