"""Log-in throttling and the limits on sign-up and password-reset e-mails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.accounts.models import User
from tests.api.conftest import API, error_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD = "correct-horse-battery"



@pytest.fixture
def limits(settings: Settings) -> dict[str, str]:
    settings.DALA_RATE_LIMITS = {"login": "3/15m", "login_address": "5/15m", "signup": "2/h",
                                 "password_reset": "2/h"}
    return settings.DALA_RATE_LIMITS


def log_in(client: Client, email: str, password: str) -> object:
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_after_three_wrong_passwords_even_the_right_one_is_refused_for_a_while(limits: dict[str, str]) -> None:
    user = UserFactory()
    client = Client()
    for _ in range(3):
        assert log_in(client, user.email, "wrong").status_code == 200
    refused = log_in(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "too often" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_of_one_address_does_not_lock_out_another_person(limits: dict[str, str]) -> None:
    victim, other = UserFactory(), UserFactory()
    for _ in range(3):
        log_in(Client(), victim.email, "wrong")
    response = log_in(Client(), other.email, PASSWORD)
    assert response.status_code == 302


def test_one_network_address_guessing_many_accounts_is_refused_too(limits: dict[str, str]) -> None:
    users = UserFactory.create_batch(6)
    for user in users[:5]:
        log_in(Client(), user.email, "wrong")
    assert log_in(Client(), users[5].email, PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.7"), users[5].email, PASSWORD).status_code == 302


def test_the_api_token_endpoint_shares_the_count_and_says_when_to_retry(limits: dict[str, str]) -> None:
    user = UserFactory()
    for _ in range(3):
        log_in(Client(), user.email, "wrong")
    response = Client().post(f"{API}/auth/token", {"email": user.email, "password": PASSWORD, "name": "cli"},
                             content_type="application/json")
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 15 * 60 + 1


def test_signing_up_again_and_again_from_one_address_is_refused_and_the_form_kept(limits: dict[str, str]) -> None:
    client = Client()
    for number in range(3):
        response = client.post(reverse("accounts:signup"), {
            "email": f"new{number}@example.com", "display_name": "New", "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1", "roles": ["collector"]})
        client.logout()
    assert response.status_code == 429
    page = response.content.decode()
    assert "too often" in page and 'value="new2@example.com"' in page
    assert User.objects.filter(email__startswith="new").count() == 2


def test_password_reset_mails_are_limited_per_address(limits: dict[str, str], mailoutbox: list[object]) -> None:
    user = UserFactory()
    client = Client()
    codes = [client.post(reverse("accounts:password_reset"), {"email": user.email}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(mailoutbox) == 2
