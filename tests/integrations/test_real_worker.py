"""One event travels the whole way: outbox, Redis broker, a real Celery worker, the receiver."""

import shutil
import socket
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.db import transaction

from integrations.events import emit_event
from integrations.models import WebhookDelivery
from integrations.services import webhooks
from integrations.signing import verify_signature
from simplycrm.celery import app as celery_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_url():
    """The configured Redis broker; if none answers, a throw-away redis-server started here."""
    url = django_settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        yield url
        return
    except redis.exceptions.ConnectionError:
        pass
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs a Redis broker: none answers at CELERY_BROKER_URL and no redis-server")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (a fixed local binary)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def live_celery(broker_url, settings):
    """Tasks go through the broker to a worker thread instead of running in-process."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    if broker_url != celery_app.conf.broker_url:
        # A broker started by this test: drop pools cached for the configured one.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    celery_app.conf.update(task_always_eager=False, broker_url=broker_url)
    redis.Redis.from_url(broker_url).delete("celery")  # no stale messages from earlier runs
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield urlsplit(broker_url)
    finally:
        celery_app.conf.update(previous)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_an_event_through_the_broker(make_member, receiver, live_celery):
    actor = make_member()
    _, secret = webhooks.subscription_create(workspace=actor.workspace, url=receiver.url, events=[])

    with transaction.atomic():
        event = emit_event(workspace=actor.workspace, type="deal.won", data={"object": {"id": 3}})

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not receiver.requests:
        time.sleep(0.1)
    assert len(receiver.requests) == 1, "the worker did not deliver within 30 seconds"
    request = receiver.requests[0]
    assert request.headers["X-SimplyCRM-Event-Id"] == str(event.pk)
    assert verify_signature(request.headers["X-SimplyCRM-Signature"], request.body, secret)
    for _ in range(50):
        delivery = WebhookDelivery.objects.get()
        if delivery.status == "succeeded":
            break
        time.sleep(0.1)
    assert delivery.status == "succeeded"
