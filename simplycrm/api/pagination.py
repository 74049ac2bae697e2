"""Cursor pagination for every list: stable under inserts, `?limit=` sets the page size."""

from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    """Newest first; `?ordering=` on a viewset's declared fields changes the order."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "limit"
    max_page_size = 200
