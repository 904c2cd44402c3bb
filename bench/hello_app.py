"""The floor of bench/load.py: one catch-all view answering 200 "hello" to any method and path.

    DJANGO_SETTINGS_MODULE=hello_settings granian --interface wsgi --working-dir bench hello_app:application
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello_settings")


@csrf_exempt
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [re_path(r"", hello)]

application = get_wsgi_application()
