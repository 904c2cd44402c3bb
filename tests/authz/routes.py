"""What the project answers: every URL pattern and every API operation; how to ask each one as a role;
how to read the answer as an authorisation decision."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseBase
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from .bodies import FORMS, PAYLOADS, QUERIES
from .matrix import NO_OBJECT, Row
from .world import World

# --- what exists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the namespaced name, or the route of a pattern without a name
    route: str  # the whole route, under /en/ for the translated pages
    params: tuple[str, ...]


def _is_operation(pattern: URLPattern) -> bool:
    # ninja's operations are listed by the OpenAPI schema, with their methods; the API's own other
    # addresses (the schema, its docs, the root, the JSON 404) are URL rows like any other.
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def _walk(patterns: Iterable[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
            continue
        if _is_operation(pattern):
            continue
        key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
        params = tuple(a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
        yield Route(key=key, route=route, params=params)


def url_routes() -> dict[str, Route]:
    """Every URL pattern of the project but the API's operations, by key (under the /en/ prefix)."""
    with translation.override("en"):
        found = list(_walk(get_resolver().url_patterns, "", ""))
    routes: dict[str, Route] = {}
    for route in found:
        if route.key in routes:
            raise AssertionError(f"two patterns share the key {route.key!r}: {routes[route.key].route}, {route.route}")
        routes[route.key] = route
    return routes


def api_operations() -> dict[tuple[str, str], str]:
    """Every API operation: (method, operation id) → its path as the schema spells it."""
    from dala.api.api import api

    schema = api.get_openapi_schema()
    return {(method.upper(), operation["operationId"]): path
            for path, methods in schema["paths"].items() for method, operation in methods.items()}


# --- how to ask ---------------------------------------------------------------------------------------

_PARENTS = ("call", "mentorship", "exhibition", "auction", "application")

# IIIF's image request: the whole image, at its full size, upright, as a JPEG.
_IIIF_IMAGE = {"region": "full", "size": "max", "rotation": "0", "quality_format": "default.jpg"}

# Patterns without a name, or whose parameters no object fills: the path each row asks for.
_FIXED_PATHS = {
    "admin/(?P<url>.*)$": "/admin/no-such-page/",
    "^media/(?P<path>.*)$": "/media/authz/probe.txt",  # written by build_world
    "iiif/^(?P<rest>.*)$": "/iiif/no/such/thing",
}


def param_value(name: str, thing: Any) -> Any:
    """The value of URL parameter ``name`` for ``thing`` (a row's object)."""
    if isinstance(thing, dict):  # a password-reset link: its uidb64 and token
        return thing[name]
    if isinstance(thing, str):  # an unsubscribe token
        return thing
    if name == "artist_slug":
        return thing.artist.slug
    if name == "slug" and not hasattr(thing, "slug"):  # a lot, an entry, a photo: its auction's, call's…
        parent = next(getattr(thing, p) for p in _PARENTS if hasattr(thing, p))
        return param_value("slug", parent)
    if name not in ("pk", "identifier") and hasattr(thing, name):
        return getattr(thing, name)
    if name in ("pk", "identifier") or name.endswith("_id"):
        return thing.pk
    raise KeyError(f"no value for <{name}> of {thing!r}")


def _admin_object(key: str) -> Any:
    """The model row an admin URL is asked about: the first of its model."""
    if key == "admin:auth_user_password_change":
        key = "admin:accounts_user_change"
    for model in admin.site._registry:
        opts = model._meta
        if key.startswith((f"admin:{opts.app_label}_{opts.model_name}_", f"admin/{opts.app_label}/{opts.model_name}/")):
            row = model._default_manager.order_by("pk").first()
            assert row is not None, f"the world has no {opts.label} for {key}: make one in world._admin_rows"
            return row
    raise AssertionError(f"no admin model for {key}")


def _admin_path(route: Route, world: World) -> str | None:
    """The path of an admin URL that takes parameters, or None for one that takes none."""
    if route.key == "admin:view_on_site":
        work = world["work"]
        return reverse(route.key, args=[ContentType.objects.get_for_model(work).pk, work.pk])
    if route.key == "admin:autocomplete":  # the city picker of the gallery's admin page
        return reverse(route.key) + "?app_label=accounts&model_name=galleryprofile&field_name=city&term=al"
    if route.key == "admin:app_list":
        return reverse(route.key, kwargs={"app_label": "catalog"})
    if "object_id" in route.params or route.key == "admin:auth_user_password_change":
        pk = _admin_object(route.key).pk
        if route.key != route.route:
            return reverse(route.key, args=[pk])
        return "/" + route.route.replace("<path:object_id>", str(pk))  # the redirect to the change page
    return None


def url_path(row: Row, route: Route, world: World) -> str:
    """The path ``row`` asks for."""
    thing = world[row.object] if row.object != NO_OBJECT else None
    with translation.override("en"):
        if route.key in _FIXED_PATHS:
            return _FIXED_PATHS[route.key]
        if route.key.startswith("admin"):
            path = _admin_path(route, world)
            if path is not None:
                return path
        if not route.params:
            return reverse(route.key) if route.key != route.route else "/" + route.route
        if thing is None:
            raise AssertionError(f"{row.label}: the route takes {route.params}; name an object")
        if route.key == "iiif:image":
            return reverse(route.key, kwargs={"identifier": str(thing.pk), **_IIIF_IMAGE})
        return reverse(route.key, kwargs={name: param_value(name, thing) for name in route.params})


def api_path(row: Row, world: World) -> str:
    """The path of ``row``'s operation, its parameters filled from the row's object."""
    thing = world[row.object] if row.object != NO_OBJECT else None

    def fill(match: re.Match[str]) -> str:
        if thing is None:
            raise AssertionError(f"{row.label}: {row.path} takes parameters; name an object")
        return str(param_value(match.group(1), thing))

    return re.sub(r"\{(\w+)\}", fill, row.path)


# --- how to read the answer -------------------------------------------------------------------------

@cache
def _login_paths() -> frozenset[str]:
    paths = {reverse("admin:login")}
    for code in ("kk", "ru", "en"):
        with translation.override(code):
            paths.add(reverse("accounts:login"))
    return frozenset(paths)


def outcome(response: HttpResponseBase) -> str:
    """The decision ``response`` shows, in the words of the table (see matrix.OUTCOMES)."""
    status = response.status_code
    if status in (401, 403, 404):
        return str(status)
    if 300 <= status < 400:
        if urlsplit(response["Location"]).path in _login_paths():
            return "login"
        request = getattr(response, "wsgi_request", None)
        if request is not None and any(m.level == messages.ERROR for m in messages.get_messages(request)):
            return "back"
        return "ok"
    if status < 300 or status in (400, 409, 422):
        return "ok"
    return f"unexpected {status}"


def describe(response: HttpResponseBase) -> str:
    """A short account of a response for a failure message: the status, where it redirects, its error."""
    text = str(response.status_code)
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        text += f" to {response['Location']}"
    request = getattr(response, "wsgi_request", None)
    if request is not None:
        said = [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]
        if said:
            text += f" ({'; '.join(said)[:200]})"
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("application/json") and response.status_code >= 400:
        text += f" {getattr(response, 'content', b'')[:200].decode(errors='replace')}"
    return text


# --- asking ------------------------------------------------------------------------------------------

def ask(row: Row, role: str, world: World, routes: dict[str, Route], client: Client) -> HttpResponseBase:
    """Make ``row``'s request as ``role``: pages in the role's session, the API with the role's bearer key.

    ``client`` is reused from request to request (a fresh one loads every middleware again, which
    costs more than the request): its cookies are cleared first."""
    client.cookies.clear()
    thing = world[row.object] if row.object != NO_OBJECT else None
    if row.is_operation:
        key = world.keys[role]
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        path = api_path(row, world)
        query = QUERIES.get((row.method, row.key))
        if query is not None:
            path += "?" + urlencode(query(world, thing))
        payload = PAYLOADS.get((row.method, row.key))
        data = payload(world, thing) if payload is not None else None
        if data is None:
            return client.generic(row.method, path, headers=headers)
        if any(hasattr(value, "read") for value in data.values()):
            return client.generic(row.method, path, encode_multipart(BOUNDARY, data), MULTIPART_CONTENT,
                                  headers=headers)
        return client.generic(row.method, path, json.dumps(data), "application/json", headers=headers)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    path = url_path(row, routes[row.key], world)
    if row.method == "GET":
        return client.get(path)
    form = FORMS.get((row.key, row.method))
    return client.post(path, form(world, thing) if form is not None else {})
