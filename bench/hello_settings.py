"""Settings of the plain-Django hello-world app that bench/load.py serves as its floor: no database, no
middleware, no templates, so what is left is the cost of granian, WSGI and Django's request handling."""

from __future__ import annotations

SECRET_KEY = "bench-hello-world-not-secret"  # signs nothing: the app has no sessions or forms
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello_app"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_I18N = False
USE_TZ = True
LOGGING_CONFIG = None  # Django's default logging would only add handlers this app never uses
