"""Every API error is the same small JSON object with a stable code.

    {"error": {"code": "not_found", "message": "No news item has this slug.", "fields": {}}}

Integrations branch on `code`; `message` is for people; `fields` (for "invalid") maps
each refused field to its messages, the same wording the site's forms show.
"""

from http import HTTPStatus

from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class Error(Schema):
    error: ErrorDetail


class ApiError(HttpError):
    """Raised by endpoints: `raise ApiError(404, "not_found", "No event has this slug.")`."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(status, message)
        self.code = code
        self.fields = fields or {}


# Documented on every operation, so a client (and schemathesis) knows each error's shape.
COMMON = {400: Error, 404: Error, 429: Error}
WRITE = {**COMMON, 401: Error, 403: Error}


def body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _location(loc) -> str:
    # Pydantic's locations look like ("body", "payload", "title") or ("query", "limit").
    parts = [str(part) for part in loc if part not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "request"


def install(api) -> None:
    """Register the handlers that turn every failure into the shape above."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return api.create_response(
            request, body(exc.code, exc.message, exc.fields), status=exc.status_code
        )

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_location(error.get("loc", ())), []).append(error.get("msg", ""))
        message = "Some of what was sent is not valid: see fields."
        return api.create_response(request, body("invalid", message, fields), status=400)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        message = "Send a valid token: Authorization: Bearer coa_…"
        response = api.create_response(request, body("unauthorized", message), status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = getattr(request, "api_retry_after", 0) or 60
        message = f"Too many requests: try again in {wait} seconds."
        response = api.create_response(request, body("rate_limited", message), status=429)
        response["Retry-After"] = str(wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        status = exc.status_code
        code = CODES.get(status, "error")
        message = str(exc) or HTTPStatus(status).phrase
        return api.create_response(request, body(code, message), status=status)
