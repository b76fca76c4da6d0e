"""Who is at the other end of a request, for the login lockout (django-axes)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address, seen through `settings.TRUSTED_PROXY_COUNT` reverse proxies.

    Each proxy appends the address it was contacted from to X-Forwarded-For, so behind N
    trusted proxies the client is the N-th address from the right; anything further left was
    written by the client and is not believed. With 0 (no proxy), or a request that did not
    come through all of them, it is REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
