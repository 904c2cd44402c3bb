"""The JSON API: one NinjaAPI that mounts each app's router.

Besides mounting, this module owns what every operation shares: the language a response is written
in (``?lang=``, else ``Accept-Language``), and the one error body every 4xx/5xx carries::

    {"error": {"code": "...", "message": "...", "field": "..." | null,
               "details": [{"code": "...", "message": "...", "field": "..."}, ...]}}
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from dala.accounts.api import router as accounts_router
from dala.catalog.api import router as catalog_router
from dala.core.errors import DomainError, RateLimited, ValidationFailed
from dala.critique.api import router as critique_router
from dala.discovery.api import router as discovery_router
from dala.market.api import router as market_router
from dala.programmes.api import router as programmes_router
from dala.search.api import router as search_router
from dala.social.api import router as social_router

logger = logging.getLogger("dala.api")

_LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

# Where ninja says an input came from; the first element of a pydantic error's ``loc``.
_PARAM_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def request_language(request: HttpRequest) -> str:
    """The language to answer in: ``?lang=``, else what the client asks for, else Kazakh."""
    asked = str(request.GET.get("lang", "")).split("-")[0].lower()
    if asked in _LANGUAGE_CODES:
        return asked
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def _in_request_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an operation (validation, handler, serialisation and errors) in the request's language."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapper


# Error bodies -------------------------------------------------------------------------------------

def error_body(code: str, message: str, *, field: str | None = None,
               details: Iterable[dict[str, str | None]] = ()) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "details": list(details)}}


def _field_from_loc(loc: Sequence[Any]) -> str:
    """``("body", "payload", "dimensions", 0)`` → ``"dimensions.0"``; the whole body → ``"body"``."""
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in _PARAM_SOURCES else ""
    if source == "body" and parts:
        parts.pop(0)  # the name of the handler's body argument, which the client never sees
    return ".".join(str(part) for part in parts) or source or "body"


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    return str(error.get("msg", _("This value is not valid.")))


class Utf8JSONRenderer(JSONRenderer):
    # Kazakh and Russian text as itself, not as \uXXXX escapes: a third of the size, and readable.
    json_dumps_params = {"ensure_ascii": False}


class DalaAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """ninja's URLs, with a JSON 405 for a wrong method and a JSON 404 for any unknown path below."""
        patterns, app_name, namespace = super().urls
        patterns = [
            URLPattern(p.pattern, self._json_not_allowed(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern) else p
            for p in patterns
        ]
        patterns.append(re_path(r"", self._unknown_path, name="unknown-path"))
        return patterns, app_name, namespace

    def _json_not_allowed(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)  # keeps ninja's csrf_exempt flag
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            with translation.override(request_language(request)):
                refusal = self.create_response(
                    request, error_body("method_not_allowed", _("This address does not take %(method)s.")
                                        % {"method": request.method}), status=405)
            refusal["Allow"] = response["Allow"]
            return refusal

        return wrapper

    def _unknown_path(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(request_language(request)):
            return self.create_response(request, error_body("not_found", _("There is no such API address.")),
                                        status=404)

    _unknown_path.csrf_exempt = True  # type: ignore[attr-defined]

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        """The schema, with the shared error body documented on every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorDetail"] = {
            "title": "ErrorDetail",
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["code", "message", "field"],
        }
        components["Error"] = {
            "title": "Error",
            "type": "object",
            "properties": {"error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "description": "Stable machine-readable name."},
                    "message": {"type": "string", "description": "A sentence in the request's language."},
                    "field": {"anyOf": [{"type": "string"}, {"type": "null"}],
                              "description": "The input at fault, if one is."},
                    "details": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorDetail"}},
                },
                "required": ["code", "message", "field", "details"],
            }},
            "required": ["error"],
        }
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        language = {"in": "query", "name": "lang", "required": False,
                    "schema": {"type": "string", "enum": sorted(_LANGUAGE_CODES)},
                    "description": "The language of labels, messages and `*_display` texts; without it, "
                                   "Accept-Language decides, then Kazakh."}
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                operation.setdefault("parameters", []).append(language)
                responses = operation.setdefault("responses", {})
                if operation.get("security"):
                    responses.setdefault("401", {"description": "No valid bearer token.", "content": error_content})
                responses.setdefault("4XX", {"description": "The request was refused; see `error`.",
                                             "content": error_content})
        return schema


api = DalaAPI(
    title="dala API",
    version="1",
    description="The public catalogue of dala and the artist's studio. See docs/api.md.",
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
)
api.add_decorator(_in_request_language, mode="view")


def _refuse(request: HttpRequest, status: int, code: str, message: str, *, field: str | None = None,
            details: list[dict[str, str | None]] | None = None) -> HttpResponse:
    """An error response; a single error that names a field is also its own one detail."""
    if details is None:
        details = [{"code": code, "message": message, "field": field}] if field else []
    return api.create_response(request, error_body(code, message, field=field, details=details), status=status)


@api.exception_handler(ValidationFailed)
def _validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return _refuse(request, exc.status, exc.code, str(exc.message), field=exc.field,
                   details=[error.as_dict() for error in exc.errors])


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = _refuse(request, exc.status, exc.code, str(exc.message), field=exc.field)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def _invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details: list[dict[str, str | None]] = [
        {"code": str(error.get("type", "invalid")), "message": _pydantic_message(error),
         "field": _field_from_loc(error.get("loc", ()))}
        for error in exc.errors
    ]
    message = str(details[0]["message"]) if len(details) == 1 else _("Check the fields named in the details.")
    return _refuse(request, 422, "invalid_input", message, field=details[0]["field"] if details else None,
                   details=details)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _refuse(request, 401, "not_authenticated",
                       _("Send a valid API token: “Authorization: Bearer dala_…”."))
    response["WWW-Authenticate"] = 'Bearer realm="dala"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja's "Cannot parse request body": the JSON itself is broken.
        return _refuse(request, 400, "invalid_json", _("The request body is not valid JSON."), field="body")
    return _refuse(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "error"), str(exc.message))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _refuse(request, 404, "not_found", _("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def _no_such_row(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    # A service looked up an id the client sent and found no row: the client's mistake, not ours.
    return _refuse(request, 404, "not_found", _("Not found."))


@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return _refuse(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return _refuse(request, 413, "request_too_large", _("The request body is too large."), field="body")
    return _refuse(request, 400, "bad_request", _("The request was not understood."))


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _value_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A value passed validation but cannot be held: an id beyond 64 bits (SQLite cannot bind it), an
    # amount beyond a PostgreSQL integer column, a NUL byte in text (PostgreSQL), a date or duration past
    # year 9999. Each is the client's input; logged so that a field missing its bound can be found.
    logger.warning("Refused a value out of range in %s %s: %s", request.method, request.path, exc)
    return _refuse(request, 422, "value_out_of_range",
                   _("A value in this request is too large or holds characters that cannot be stored."))


@api.exception_handler(OperationalError)
def _database_unavailable(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    # The database is restarting or failing over: a client may retry, so say so rather than answer 500.
    logger.error("Database unavailable for %s %s: %s", request.method, request.path, exc)
    response = _refuse(request, 503, "database_unavailable",
                       _("The service is briefly unavailable. Please try again in a moment."))
    response.headers["Retry-After"] = "30"
    return response


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with the traceback for the operator; the client gets the same body shape as every error.
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return _refuse(request, 500, "server_error", _("Something went wrong on our side."))


api.add_router("/", accounts_router)
api.add_router("/", catalog_router)
api.add_router("/market", market_router)
api.add_router("/", social_router)
api.add_router("/", programmes_router)
api.add_router("/", critique_router)
api.add_router("/", discovery_router)
api.add_router("/", search_router)
