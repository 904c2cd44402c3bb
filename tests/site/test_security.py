"""Production settings and security headers: `check --deploy`, the Content-Security-Policy, HSTS, how
uploads are served, and Argon2 password hashing."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.accounts.models import User
from tests.factories import ArtworkFactory, UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "dala"


def production_environment(tmp_path: Path) -> dict[str, str]:
    # Nothing of the test process's own: its DALA_* settings, nor the async-safety switch the browser
    # tests turn off (check --deploy rightly refuses a deployment with it).
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DALA_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DALA_HTTPS": "true", "DALA_SECRET_KEY": secrets.token_urlsafe(50),
                "DALA_ALLOWED_HOSTS": "dala.example", "DALA_PROXY_COUNT": "1", "DALA_VAR_DIR": str(tmp_path)})
    return env


def test_production_settings_pass_check_deploy_without_a_single_warning(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "dala.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=production_environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_check_deploy_names_what_is_missing(tmp_path: Path) -> None:
    env = production_environment(tmp_path)
    env["DALA_HTTPS"] = "false"
    result = subprocess.run([sys.executable, "-m", "dala.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/artworks/", "/en/search/?q=steppe", "/api/v1/docs",
                                  "/admin/login/", "/en/accounts/login/"])
def test_every_page_forbids_inline_script_and_framing(client: Client, path: str) -> None:
    ArtworkFactory()
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"].startswith("'self'")
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


# A <script> with a src, or a JSON data island, is allowed; anything else inline is not.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"""<style\b|\sstyle\s*=\s*["']""", re.IGNORECASE)


def test_no_template_carries_inline_script_or_style_that_the_policy_would_block() -> None:
    offenders = []
    for template in [*SRC.rglob("templates/**/*.html"), *SRC.rglob("admin.py")]:
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            offenders += [f"{template.relative_to(SRC)}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.django_db
def test_over_https_the_site_sends_hsts_and_secure_cookies(settings: Settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    user = UserFactory()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "correct-horse-battery"},
                           secure=True)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "body", "inline"), [
    ("works/picture.jpg", b"\xff\xd8\xff\xe0 not really", True),
    ("works/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
    ("works/evil.html", b"<script>alert(document.cookie)</script>", False),
])
def test_an_uploaded_file_is_served_so_that_it_can_never_run_script(client: Client, media_root: Path, name: str,
                                                                     body: bytes, inline: bool) -> None:
    (media_root / name).parent.mkdir(parents=True, exist_ok=True)
    (media_root / name).write_bytes(body)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    if inline:
        assert response["Content-Type"] == "image/jpeg"
        assert response.get("Content-Disposition", "inline").startswith("inline")
    else:
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["iiif/7/pyramid.tif", "/iiif/7/pyramid.tif", "iiif//7/pyramid.tif",
                                  "./iiif/7/pyramid.tif", "works/../iiif/7/pyramid.tif"])
def test_full_resolution_pyramids_are_never_served_as_plain_media(client: Client, media_root: Path,
                                                                    path: str) -> None:
    pyramid = media_root / "iiif" / "7" / "pyramid.tif"
    pyramid.parent.mkdir(parents=True)
    pyramid.write_bytes(b"II*\x00 a draft work at full size")
    assert client.get(f"/media/{path}").status_code == 404


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2_and_old_hashes_upgraded_at_log_in(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = django_settings.DALA_PASSWORD_HASHERS
    client = Client()
    response = client.post("/en/accounts/signup/", {"email": "new@example.com", "display_name": "New",
                                                    "password1": "a-long-pass-phrase-1",
                                                    "password2": "a-long-pass-phrase-1", "roles": ["collector"]})
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").password.startswith("argon2$argon2id$")

    old = UserFactory()
    User.objects.filter(pk=old.pk).update(password=make_password("an-old-pass-phrase", hasher="pbkdf2_sha256"))
    old.refresh_from_db()
    assert old.password.startswith("pbkdf2_sha256$")
    Client().post("/en/accounts/login/", {"username": old.email, "password": "an-old-pass-phrase"})
    old.refresh_from_db()
    assert old.password.startswith("argon2$") and check_password("an-old-pass-phrase", old.password)
