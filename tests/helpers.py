"""Assertions shared by the tests of every module."""

from collections.abc import Callable
from unittest.mock import ANY

from django.db import connection
from django.test.utils import CaptureQueriesContext

ERROR_KEYS = {"status", "code", "message", "request_id", "details"}


def assert_error(response, status: int, code: str) -> dict:
    """The response is the one error shape with this status and code; returns its `error`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == ERROR_KEYS, error
    assert error["status"] == status
    assert error["code"] == code, error
    assert error["message"]
    assert error["request_id"] == response["X-Request-ID"]
    return error


def count_queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def assert_constant_list_queries(client, url: str, add_rows: Callable[[int], object]) -> int:
    """A list costs the same number of queries with few rows as with many; returns that count.

    A first request warms per-credential bookkeeping (the last-used time), so only the steady
    state is compared.
    """
    add_rows(2)
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    add_rows(20)
    many = count_queries(lambda: client.get(url, {"limit": 100}))
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    return many


__all__ = ["ANY", "assert_constant_list_queries", "assert_error", "count_queries"]
