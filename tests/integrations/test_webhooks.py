"""Webhook subscriptions, signed deliveries, retries, rotation and the refused targets."""

import json
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from freezegun import freeze_time

from accounts.plans import Plan
from integrations.events import EVENT_TYPES, emit_event
from integrations.models import (
    DeliveryStatus,
    DomainEvent,
    IntegrationLog,
    WebhookDelivery,
    WebhookSubscription,
)
from integrations.services import webhooks
from integrations.signing import verify_signature
from tests.helpers import ANY, assert_constant_list_queries, assert_error

URL = "/api/integrations/webhook-subscriptions/"


def subscribe(actor, url, events=None):
    subscription, secret = webhooks.subscription_create(
        workspace=actor.workspace, url=url, events=events or []
    )
    return subscription, secret


def committed():
    """Run on-commit callbacks as a real commit would (the test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def emit(workspace, type_="contact.created", data=None):
    with committed():
        return emit_event(workspace=workspace, type=type_, data=data or {"object": {"id": 1}})


# --- The API -----------------------------------------------------------------------------------


def test_creating_a_subscription_returns_its_secret_once(enterprise):
    response = enterprise.client.post(
        URL, {"url": "https://hooks.example.com/crm", "events": ["deal.won"]}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": ANY,
        "url": "https://hooks.example.com/crm",
        "events": ["deal.won"],
        "description": "",
        "is_active": True,
        "consecutive_failures": 0,
        "disabled_at": None,
        "disabled_reason": "",
        "previous_secret_expires_at": None,
        "created_at": ANY,
        "updated_at": ANY,
        "secret": ANY,
    }
    assert body["secret"].startswith("whsec_")
    listed = enterprise.client.get(URL).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in enterprise.client.get(f"{URL}{body['id']}/").json()


@pytest.mark.parametrize("plan", [Plan.PRO, Plan.FREE])
def test_plans_below_enterprise_cannot_subscribe(make_member, plan):
    actor = make_member(plan)

    response = actor.client.post(URL, {"url": "https://hooks.example.com/"}, format="json")

    error = assert_error(response, 403, "feature_not_available")
    assert error["details"]["flag"] == "integrations.webhooks"
    assert WebhookSubscription.objects.count() == 0


def test_without_a_credential_the_list_is_401(anonymous, db):
    assert_error(anonymous.get(URL), 401, "not_authenticated")


def test_a_member_without_integrations_manage_cannot_subscribe(make_member):
    actor = make_member(role="member")

    response = actor.client.post(URL, {"url": "https://hooks.example.com/"}, format="json")

    assert_error(response, 403, "permission_missing")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/",
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://user:pass@hooks.example.com/",
    ],
)
def test_internal_or_malformed_targets_are_refused(enterprise, url):
    response = enterprise.client.post(URL, {"url": url}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["url"]
    assert WebhookSubscription.objects.count() == 0


def test_unknown_event_types_are_refused(enterprise):
    response = enterprise.client.post(
        URL, {"url": "https://hooks.example.com/", "events": ["deal.exploded"]}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["events"]


def test_another_workspaces_subscription_is_404_and_unchanged(enterprise, other_workspace):
    theirs, _ = subscribe(other_workspace, "https://hooks.example.com/theirs")
    detail = f"{URL}{theirs.pk}/"

    assert_error(enterprise.client.get(detail), 404, "not_found")
    assert_error(enterprise.client.patch(detail, {"description": "x"}, format="json"), 404, ANY)
    assert_error(enterprise.client.post(f"{detail}rotate-secret/"), 404, "not_found")
    assert_error(enterprise.client.post(f"{detail}test/"), 404, "not_found")
    assert_error(enterprise.client.delete(detail), 404, "not_found")
    assert enterprise.client.get(URL).json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.description == "" and theirs.secret


def test_the_subscription_list_has_a_fixed_query_count(enterprise):
    def add(count):
        for number in range(count):
            subscribe(enterprise, f"https://hooks.example.com/{number}")

    assert_constant_list_queries(enterprise.client, URL, add)


# --- Delivery ------------------------------------------------------------------------------------


def test_an_event_is_delivered_signed_with_its_id_type_and_timestamp(enterprise, receiver):
    _, secret = subscribe(enterprise, receiver.url)

    event = emit(enterprise.workspace, data={"object": {"id": 7, "email": "a@example.com"}})

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.headers["X-SimplyCRM-Event-Id"] == str(event.pk)
    assert request.headers["X-SimplyCRM-Event-Type"] == "contact.created"
    assert verify_signature(request.headers["X-SimplyCRM-Signature"], request.body, secret)
    assert not verify_signature(request.headers["X-SimplyCRM-Signature"], request.body, "whsec_x")
    assert json.loads(request.body) == {
        "id": str(event.pk),
        "type": "contact.created",
        "version": 1,
        "created_at": ANY,
        "workspace_id": enterprise.workspace.pk,
        "data": {"object": {"id": 7, "email": "a@example.com"}},
    }
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (
        "succeeded",
        1,
        200,
    )
    assert IntegrationLog.objects.get().response_code == 200


def test_a_signature_older_than_the_tolerance_is_rejected_by_the_verifier(enterprise, receiver):
    _, secret = subscribe(enterprise, receiver.url)
    emit(enterprise.workspace)
    request = receiver.requests[0]
    signed_at = int(request.headers["X-SimplyCRM-Timestamp"])

    late = verify_signature(
        request.headers["X-SimplyCRM-Signature"], request.body, secret, now=signed_at + 301
    )

    assert late is False


def test_subscriptions_get_only_the_types_they_asked_for(enterprise, receiver):
    subscribe(enterprise, receiver.url, events=["deal.won"])

    emit(enterprise.workspace, "contact.created")
    emit(enterprise.workspace, "deal.won")

    assert [r.headers["X-SimplyCRM-Event-Type"] for r in receiver.requests] == ["deal.won"]


def test_a_subscription_never_receives_another_workspaces_events(
    enterprise, other_workspace, receiver
):
    subscribe(other_workspace, receiver.url)

    emit(enterprise.workspace)

    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_a_rolled_back_change_leaves_no_event_and_sends_nothing(enterprise, receiver):
    subscribe(enterprise, receiver.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        emit_event(workspace=enterprise.workspace, type="contact.created", data={})
        raise RuntimeError("the change failed")

    assert DomainEvent.objects.count() == 0
    assert receiver.requests == []


def test_failed_deliveries_back_off_then_succeed(enterprise, receiver):
    receiver.script = [500, 503]
    subscribe(enterprise, receiver.url)
    start = timezone.now()

    with freeze_time(start) as clock:
        emit(enterprise.workspace)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert delivery.next_attempt_at == start + timedelta(seconds=30)

        clock.tick(timedelta(seconds=10))
        with committed():
            assert webhooks.retry_due() == 0  # not due yet

        clock.tick(timedelta(seconds=25))
        with committed():
            webhooks.retry_due()
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=120)

        clock.tick(timedelta(seconds=121))
        with committed():
            webhooks.retry_due()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    codes = list(
        IntegrationLog.objects.order_by("created_at").values_list("response_code", flat=True)
    )
    assert codes == [500, 503, 200]
    assert len(receiver.requests) == 3
    assert len({r.headers["X-SimplyCRM-Event-Id"] for r in receiver.requests}) == 1


def test_a_delivery_is_given_up_after_its_retries(enterprise, receiver, settings):
    settings.WEBHOOK_RETRY_DELAYS = [1, 1]
    receiver.default_status = 500
    subscribe(enterprise, receiver.url)

    with freeze_time(timezone.now()) as clock:
        emit(enterprise.workspace)
        for _ in range(3):
            clock.tick(timedelta(seconds=2))
            with committed():
                webhooks.retry_due()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert len(receiver.requests) == 3


def test_many_consecutive_failures_disable_the_subscription_and_tell_the_workspace(
    enterprise, receiver, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    receiver.default_status = 500
    subscription, _ = subscribe(enterprise, receiver.url)
    witness, _ = subscribe(
        enterprise, "https://hooks.example.com/witness", events=["webhook_subscription.disabled"]
    )

    for _ in range(3):
        emit(enterprise.workspace)

    subscription.refresh_from_db()
    assert subscription.is_active is False
    assert subscription.disabled_reason.startswith("Disabled after 3")
    assert DomainEvent.objects.filter(type="webhook_subscription.disabled").count() == 1
    assert WebhookDelivery.objects.filter(
        subscription=witness, event__type="webhook_subscription.disabled"
    ).exists()
    assert mail.outbox and enterprise.membership.user.email in mail.outbox[0].to
    sent = len(receiver.requests)
    emit(enterprise.workspace)
    assert len(receiver.requests) == sent  # a disabled subscription gets nothing


def test_enabling_a_disabled_subscription_resets_its_failures(enterprise):
    subscription, _ = subscribe(enterprise, "https://hooks.example.com/")
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        is_active=False, consecutive_failures=20, disabled_reason="x"
    )

    response = enterprise.client.patch(
        f"{URL}{subscription.pk}/", {"is_active": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["consecutive_failures"] == 0
    assert response.json()["disabled_reason"] == ""


def test_a_name_resolving_to_a_private_address_is_refused_at_delivery(
    enterprise, receiver, settings, monkeypatch
):
    subscribe(enterprise, "https://hooks.example.com/crm")
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443))],
    )

    emit(enterprise.workspace)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_response_code is None
    assert "non-public" in delivery.last_error
    assert receiver.requests == []


def test_a_slow_receiver_times_out_quickly(enterprise, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS = 0.5
    settings.WEBHOOK_READ_TIMEOUT_SECONDS = 0.5
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    host, port = listener.getsockname()
    subscribe(enterprise, f"http://{host}:{port}/")

    try:
        emit(enterprise.workspace)
    finally:
        listener.close()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "Timeout" in delivery.last_error
    assert IntegrationLog.objects.get().duration_ms < 3000


# --- Rotation, test events and replays ---------------------------------------------------


def test_during_a_rotation_deliveries_carry_both_signatures(enterprise, receiver):
    subscription, old_secret = subscribe(enterprise, receiver.url)

    response = enterprise.client.post(
        f"{URL}{subscription.pk}/rotate-secret/", {"grace_period": 3600}, format="json"
    )
    new_secret = response.json()["secret"]
    emit(enterprise.workspace)

    assert response.status_code == 200 and new_secret != old_secret
    header = receiver.requests[0].headers["X-SimplyCRM-Signature"]
    assert header.count("v1=") == 2
    assert verify_signature(header, receiver.requests[0].body, old_secret)
    assert verify_signature(header, receiver.requests[0].body, new_secret)

    with freeze_time(timezone.now() + timedelta(seconds=3601)):
        emit(enterprise.workspace)
        late = receiver.requests[1]
        assert late.headers["X-SimplyCRM-Signature"].count("v1=") == 1
        assert verify_signature(late.headers["X-SimplyCRM-Signature"], late.body, new_secret)
        assert not verify_signature(late.headers["X-SimplyCRM-Signature"], late.body, old_secret)


def test_a_rotation_without_grace_retires_the_old_secret_at_once(enterprise, receiver):
    subscription, old_secret = subscribe(enterprise, receiver.url)

    enterprise.client.post(
        f"{URL}{subscription.pk}/rotate-secret/", {"grace_period": 0}, format="json"
    )
    emit(enterprise.workspace)

    request = receiver.requests[0]
    assert not verify_signature(request.headers["X-SimplyCRM-Signature"], request.body, old_secret)


def test_a_grace_period_beyond_the_maximum_is_a_400(enterprise):
    subscription, _ = subscribe(enterprise, "https://hooks.example.com/")

    response = enterprise.client.post(
        f"{URL}{subscription.pk}/rotate-secret/", {"grace_period": 10**9}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["grace_period"]


def test_the_test_action_sends_a_sample_event_to_that_subscription_only(enterprise, receiver):
    subscription, _ = subscribe(enterprise, receiver.url)
    other, _ = subscribe(enterprise, "https://hooks.example.com/other")

    with committed():
        response = enterprise.client.post(f"{URL}{subscription.pk}/test/")

    assert response.status_code == 202
    assert [r.headers["X-SimplyCRM-Event-Type"] for r in receiver.requests] == ["webhook.test"]
    assert not WebhookDelivery.objects.filter(subscription=other).exists()


def test_a_delivery_can_be_replayed(enterprise, receiver):
    subscribe(enterprise, receiver.url)
    emit(enterprise.workspace)
    delivery = WebhookDelivery.objects.get()

    with committed():
        response = enterprise.client.post(
            f"/api/integrations/webhook-deliveries/{delivery.pk}/replay/"
        )

    assert response.status_code == 202
    assert len(receiver.requests) == 2
    assert receiver.requests[0].body == receiver.requests[1].body


def test_deliveries_of_another_workspace_are_invisible(enterprise, other_workspace, receiver):
    subscribe(other_workspace, receiver.url)
    emit(other_workspace.workspace)
    theirs = WebhookDelivery.objects.get()

    listed = enterprise.client.get("/api/integrations/webhook-deliveries/").json()["results"]
    replay = enterprise.client.post(f"/api/integrations/webhook-deliveries/{theirs.pk}/replay/")

    assert listed == []
    assert_error(replay, 404, "not_found")
    assert len(receiver.requests) == 1


def test_a_dispatch_left_behind_by_a_dead_worker_is_swept_up(enterprise, receiver, monkeypatch):
    subscribe(enterprise, receiver.url)
    monkeypatch.setattr("integrations.events._request_dispatch", lambda event_id: None)
    emit(enterprise.workspace)
    assert receiver.requests == []

    with freeze_time(timezone.now() + timedelta(minutes=1)), committed():
        assert webhooks.dispatch_pending() == 1

    assert len(receiver.requests) == 1
    assert webhooks.dispatch_pending() == 0  # never twice


# --- The event type catalogue ----------------------------------------------------------------


def test_the_event_types_are_listed_with_their_versions(enterprise):
    response = enterprise.client.get("/api/integrations/event-types/")

    assert response.status_code == 200
    rows = {row["type"]: row for row in response.json()}
    assert rows["deal.won"] == {
        "type": "deal.won",
        "version": 1,
        "description": "A deal moved to a won stage.",
    }
    assert set(rows) == set(EVENT_TYPES)


def test_the_event_types_need_the_webhooks_feature(pro):
    error = assert_error(pro.client.get("/api/integrations/event-types/"), 403, ANY)

    assert error["details"]["flag"] == "integrations.webhooks"
