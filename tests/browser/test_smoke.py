import json

from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer


def test_health_endpoint_answers_ok_in_a_real_browser(page: Page, live_server: LiveServer) -> None:
    response = page.goto(live_server.url + "/healthz")

    assert response is not None and response.status == 200
    assert json.loads(page.inner_text("body"))["status"] == "ok"
