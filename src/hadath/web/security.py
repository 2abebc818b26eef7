"""What keeps ``hadath serve`` safe to run: the access token, a body size limit, strict headers.

- **Token.** Started with ``--token`` (or ``HADATH_TOKEN``), every endpoint that computes
  or writes (``POST /analyze``, the paste page) needs ``Authorization: Bearer <token>``
  (the paste form sends it as a field). Reading the corpus stays open: the server
  binds 127.0.0.1 unless told otherwise.
- **Body size.** A request body over the limit gets 413 before it is read whole,
  whether it declares its length or streams chunks.
- **Headers.** A Content-Security-Policy that allows scripts from this server only
  (no inline script, so injected markup could not run even if it got through),
  ``nosniff``, no referrer, no framing.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

__all__ = [
    "DEFAULT_MAX_BODY",
    "SECURITY_HEADERS",
    "BodyLimitMiddleware",
    "TokenGuard",
]

DEFAULT_MAX_BODY = 2_000_000

# style-src allows inline styles: the chart libraries size their canvases through
# style attributes. Scripts are never inline.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class TokenGuard:
    """A FastAPI dependency: passes when no token is set or the request carries it."""

    def __init__(self, token: str | None) -> None:
        self.token = token or None

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def check(self, presented: str | None) -> bool:
        if self.token is None:
            return True
        # Constant-time comparison: the answer's timing must not reveal a prefix.
        return presented is not None and hmac.compare_digest(
            presented.encode("utf-8"), self.token.encode("utf-8"))

    @staticmethod
    def bearer(request: Request) -> str | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def __call__(self, request: Request) -> None:
        if not self.check(self.bearer(request)):
            raise HTTPException(
                status_code=401,
                detail="this endpoint needs the server's token: Authorization: Bearer <token>",
                headers={"WWW-Authenticate": "Bearer"},
            )


class BodyLimitMiddleware:
    """ASGI middleware: 413 for a request body over ``max_body`` bytes; adds the security headers.

    A declared ``Content-Length`` over the limit is refused before anything is read
    (the server itself stops a body at its declared length); a chunked body is read
    here up to the limit and then passed on.
    """

    def __init__(self, app: ASGIApp, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _reply(send, 400, "Content-Length is not a number")
                return
            if too_big:
                await _reply(send, 413, f"request body over {self.max_body} bytes")
                return
        if declared is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # A streamed (chunked) body: read it here, up to the limit, and hand the app
            # the bytes. Failing inside the app would be reported as a parse error.
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await _reply(send, 413, f"request body over {self.max_body} bytes")
                    return
                chunks.append(chunk)
                more = bool(message.get("more_body"))
            body = b"".join(chunks)
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            receive = replay

        async def headed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.encode() not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, headed_send)


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
