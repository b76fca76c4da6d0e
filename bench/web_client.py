"""A small HTTP client for the benchmarks that talk to real servers as a browser does: one
cookie jar for every server it talks to (the cookies of 127.0.0.1 are the same whatever the
port, as in a browser), the CSRF token sent back with every POST, forms and files encoded as a
browser encodes them. Redirects are not followed: the caller sees where they go."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    location: str
    body: str

    def json(self):
        return json.loads(self.body)


class WebClient:
    def __init__(self):
        # Secure cookies too: production settings mark them so, and these servers are plain
        # HTTP on the loopback interface (behind the proxy that would add HTTPS).
        self.cookies: dict[str, str] = {}

    def get(self, base: str, path: str) -> Answer:
        return self._request(base, "GET", path, None, {})

    def post(self, base: str, path: str, fields: dict, files: dict | None = None) -> Answer:
        """A form posted as a browser posts it after loading `path`, with the CSRF token."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        if files:
            body, kind = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        headers = {"Content-Type": kind, "Referer": base + path}
        return self._request(base, "POST", path, body, headers)

    def login(self, base: str, username: str, password: str) -> Answer:
        page = self.get(base, "/login/")
        token = CSRF_INPUT.search(page.body)
        fields = {"username": username, "password": password}
        if token:
            fields["csrfmiddlewaretoken"] = token.group(1)
        return self.post(base, "/login/", fields)

    def _request(self, base: str, method: str, path: str, body, headers: dict) -> Answer:
        address = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers={**headers, "Cookie": cookie})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, response.headers.get("Location", ""), text)
        finally:
            connection.close()


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----chitieu" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode()
        )  # fmt: skip
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
