"""Rate limits: per credential from the plan's quota, per IP, per login, with RateLimit headers.

django-ratelimit counts in fixed windows whose edges depend on the clock and the key; each test
freezes the clock so all its requests fall in one window.
"""

import pytest
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from accounts.models import PersonalToken
from accounts.plans import Plan
from accounts.services import token_issue
from accounts.throttling import client_ip
from tests.factories import PASSWORD, MembershipFactory
from tests.helpers import assert_error

PROFILE_URL = "/api/auth/profile/"
TOKEN_URL = "/api/auth/token/"
SMALL_QUOTAS = {"free": 3, "pro": 5, "enterprise": 8}


@pytest.fixture(autouse=True)
def one_window():
    with freeze_time(timezone.now()):
        yield


def spend(client: APIClient, times: int, url: str = PROFILE_URL, **extra) -> list:
    return [client.get(url, **extra) for _ in range(times)]


def assert_rate_limited(response) -> int:
    """A 429 in the error shape whose Retry-After header and details agree; returns the wait."""
    error = assert_error(response, 429, "rate_limited")
    retry_after = response["Retry-After"]
    assert retry_after.isdigit(), retry_after
    assert int(retry_after) >= 1
    assert error["details"] == {"retry_after": int(retry_after)}
    return int(retry_after)


def anonymous_from(ip: str) -> APIClient:
    return APIClient(REMOTE_ADDR=ip)


def login(username: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
    return anonymous_from(ip).post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )


# --- Per credential -------------------------------------------------------------------------


@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_the_request_after_the_plans_quota_is_a_429_with_retry_after(free):
    responses = spend(free.client, 3)

    assert [r.status_code for r in responses] == [200, 200, 200]
    limited = free.client.get(PROFILE_URL)
    assert assert_rate_limited(limited) <= 60
    assert limited["RateLimit-Remaining"] == "0"


@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO, Plan.ENTERPRISE])
@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_each_plan_has_its_own_quota(make_member, plan):
    actor = make_member(plan=plan)
    quota = SMALL_QUOTAS[plan.value]

    assert {r.status_code for r in spend(actor.client, quota)} == {200}
    assert_rate_limited(actor.client.get(PROFILE_URL))


@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_every_response_carries_ratelimit_headers_and_remaining_decreases(free):
    responses = spend(free.client, 3)

    assert [r["RateLimit-Limit"] for r in responses] == ["3", "3", "3"]
    assert [r["RateLimit-Remaining"] for r in responses] == ["2", "1", "0"]
    for response in responses:
        assert 1 <= int(response["RateLimit-Reset"]) <= 60
        assert response["RateLimit-Policy"] == "3;w=60"


def test_error_responses_carry_ratelimit_headers_too(free, anonymous):
    responses = [
        free.client.get("/api/integrations/api-keys/"),  # 403: Free lacks the flag
        free.client.post(TOKEN_URL, {}, format="json"),  # 400
        free.client.delete(PROFILE_URL),  # 405
        anonymous.get(PROFILE_URL),  # 401
    ]

    assert [r.status_code for r in responses] == [403, 400, 405, 401]
    for response in responses:
        assert int(response["RateLimit-Limit"]) > 0
        assert response["RateLimit-Remaining"].isdigit()
        assert int(response["RateLimit-Reset"]) >= 1


@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_a_workspaces_custom_quota_overrides_its_plans(enterprise):
    enterprise.workspace.api_quota_per_minute = 2
    enterprise.workspace.save()

    responses = spend(enterprise.client, 2)

    assert [r["RateLimit-Limit"] for r in responses] == ["2", "2"]
    assert_rate_limited(enterprise.client.get(PROFILE_URL))


@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_a_custom_quota_may_also_be_higher_than_the_plans(free):
    free.workspace.api_quota_per_minute = 5
    free.workspace.save()

    assert {r.status_code for r in spend(free.client, 5)} == {200}
    assert_rate_limited(free.client.get(PROFILE_URL))


@override_settings(PLAN_API_QUOTAS=SMALL_QUOTAS)
def test_two_credentials_behind_one_ip_are_counted_apart(free, make_api_key):
    colleague = MembershipFactory(workspace=free.workspace)
    _token, secret = token_issue(membership=colleague)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    key = make_api_key(["sales.read"], workspace=free.workspace)
    spend(free.client, 3)

    assert_rate_limited(free.client.get(PROFILE_URL))
    assert other.get(PROFILE_URL).status_code == 200
    assert other.get(PROFILE_URL)["RateLimit-Remaining"] == "1"
    assert key.client.get(PROFILE_URL).status_code == 200


# --- Per IP ---------------------------------------------------------------------------------


@override_settings(AUTHENTICATED_IP_QUOTA_PER_MINUTE=4)
def test_authenticated_traffic_of_one_ip_has_its_own_bound(free, pro, anonymous):
    spend(free.client, 2)
    spend(pro.client, 2)

    limited = pro.client.get(PROFILE_URL)

    assert_rate_limited(limited)
    assert limited["RateLimit-Limit"] == "4"
    assert_rate_limited(free.client.get(PROFILE_URL))
    assert_error(anonymous.get(PROFILE_URL), 401, "not_authenticated")
    elsewhere = APIClient(REMOTE_ADDR="10.0.0.9")
    elsewhere.credentials(HTTP_AUTHORIZATION=f"Token {free.secret}")
    assert elsewhere.get(PROFILE_URL).status_code == 200


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=2)
def test_anonymous_requests_are_limited_per_ip(db):
    client = anonymous_from("10.0.0.1")
    for response in spend(client, 2):
        assert_error(response, 401, "not_authenticated")

    limited = client.get(PROFILE_URL)

    assert_rate_limited(limited)
    assert limited["RateLimit-Limit"] == "2"
    assert_error(anonymous_from("10.0.0.2").get(PROFILE_URL), 401, "not_authenticated")


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=2)
def test_requests_with_an_invalid_token_spend_the_anonymous_quota(db):
    guesser = anonymous_from("10.0.0.1")
    guesser.credentials(HTTP_AUTHORIZATION="Token scrm_pat_" + "A" * 46)
    for response in spend(guesser, 2):
        assert_error(response, 401, "invalid_token")

    assert_rate_limited(guesser.get(PROFILE_URL))
    assert_rate_limited(anonymous_from("10.0.0.1").get(PROFILE_URL))


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=2)
def test_a_valid_credential_is_not_blocked_by_its_ips_anonymous_quota(free):
    spend(anonymous_from("127.0.0.1"), 3)

    assert free.client.get(PROFILE_URL).status_code == 200


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=1)
def test_the_health_check_is_never_limited(db, anonymous):
    assert {r.status_code for r in spend(anonymous, 5, url="/api/health/")} == {200}


# --- Login ----------------------------------------------------------------------------------


@pytest.fixture
def member(db):
    return MembershipFactory(user__username="dana")


@override_settings(LOGIN_RATE_PER_USERNAME="2/m")
def test_login_is_limited_per_username_even_with_the_right_password(member):
    assert_error(login("dana", "wrong", ip="10.0.0.1"), 401, "invalid_credentials")
    assert_error(login("DANA", "wrong", ip="10.0.0.2"), 401, "invalid_credentials")

    assert_rate_limited(login("dana", ip="10.0.0.3"))
    assert PersonalToken.objects.count() == 0
    assert login(MembershipFactory().user.username, ip="10.0.0.3").status_code == 200


@override_settings(LOGIN_RATE_PER_USERNAME="2/5m")
def test_the_username_limit_may_span_several_minutes(member):
    login("dana", "wrong")
    login("dana", "wrong")

    assert 1 <= assert_rate_limited(login("dana")) <= 300


@override_settings(LOGIN_RATE_PER_IP="2/m")
def test_login_is_limited_per_ip_even_with_the_right_password(member):
    assert_error(login("alice", "x", ip="10.0.0.1"), 401, "invalid_credentials")
    assert_error(login("bob", "x", ip="10.0.0.1"), 401, "invalid_credentials")

    assert_rate_limited(login("dana", ip="10.0.0.1"))
    assert login("dana", ip="10.0.0.2").status_code == 200


# --- X-Forwarded-For ------------------------------------------------------------------------


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=1)
def test_x_forwarded_for_is_ignored_without_proxies(db, anonymous):
    assert anonymous.get(PROFILE_URL, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 401

    assert_rate_limited(anonymous.get(PROFILE_URL, HTTP_X_FORWARDED_FOR="2.2.2.2"))


@override_settings(ANONYMOUS_IP_QUOTA_PER_MINUTE=1, NUM_PROXIES=1)
def test_behind_one_proxy_only_the_address_it_appended_counts(db, anonymous):
    first = anonymous.get(PROFILE_URL, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1")
    second = anonymous.get(PROFILE_URL, HTTP_X_FORWARDED_FOR="2.2.2.2")

    assert [first.status_code, second.status_code] == [401, 401]
    assert_rate_limited(anonymous.get(PROFILE_URL, HTTP_X_FORWARDED_FOR="8.8.8.8, 1.1.1.1"))


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.5", "1.1.1.1"),
        (2, "1.1.1.1", "1.1.1.1"),
        (1, " , ", "127.0.0.1"),
        (1, None, "127.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_hops(rf, num_proxies, forwarded, expected):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", **extra)

    with override_settings(NUM_PROXIES=num_proxies):
        assert client_ip(request) == expected
