"""Web addresses and e-mail addresses an issue prints as links: checked whole, not by scheme.

Every link target (in an article, `publisher.website`, an author's or the publisher's e-mail)
must be one of: an `http`/`https` URL with a host name, or a `mailto:` with one e-mail address
and at most a `subject` (no other header fields such as `attach`, `cc` or `body`). No control
character, space or invisible format character anywhere, no user name in front of the host
(`https://bank.example@evil.example`), a port that is a number. Nothing here imports a
third-party library.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

SCHEMES = ("http", "https", "mailto")
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
HOST = re.compile(rf"^(?:{_LABEL}\.)*{_LABEL}\.?$")
EMAIL = re.compile(rf"^[A-Za-z0-9.!#$%&'*+/=^_`{{|}}~-]+@(?:{_LABEL}\.)+[^\W\d_]{{2,}}$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _unsafe(text: str) -> str | None:
    if text.isascii() and text.isprintable() and " " not in text:  # (the common case, in one pass of C)
        return None
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return char
    return None


def email_problem(address: str) -> str | None:
    """Why `address` is not one plain e-mail address (name@host.tld), or None."""
    if _unsafe(address):
        return "contains a space or a control character"
    if not EMAIL.match(address) or len(address) > 254:
        return "is not an e-mail address"
    return None


@lru_cache(maxsize=4096)
def url_problem(url: str, schemes=SCHEMES) -> str | None:
    """Why `url` may not be a link in the PDF, or None. `schemes`: those allowed here (a tuple).
    Remembered: a paragraph may link to the same address 60,000 times."""
    char = _unsafe(url)
    if char is not None:
        return f"contains {'a space' if char == ' ' else f'the character U+{ord(char):04X}'}"
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme not in schemes:
        allowed = ", ".join(schemes)
        return f"is not allowed: use {allowed}" if scheme else f"has no scheme: write it with {schemes[0]}://"
    if scheme == "mailto":
        rest = url[len(match.group(0)):]
        address, _, query = rest.partition("?")
        if "#" in rest:
            return "is a mailto link with a '#' part"
        problem = email_problem(unquote(address))
        if problem:
            return f"is a mailto link whose address {problem}"
        fields = [name.lower() for name, _ in parse_qsl(query, keep_blank_values=True)] if query else []
        extra = [name for name in fields if name != "subject"]
        if extra or (query and not fields):
            return f"is a mailto link with the header field '{extra[0] if extra else query}': only subject is allowed"
        return None
    parts = urlsplit(url)
    if not url[len(match.group(0)):].startswith("//") or not parts.netloc:
        return f"has no host: write it as {scheme}://example.org/…"
    if "@" in parts.netloc:
        return "has a user name before the host (name@host): leave it out"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "has a port that is not a number"
    host = parts.hostname or ""
    if host.startswith("[") or ":" in host:  # an IPv6 address
        return None if re.fullmatch(r"[0-9A-Fa-f:.]+", host.strip("[]")) else "has an invalid host"
    if not host or not HOST.match(host) or len(host) > 253:
        return f"has an invalid host '{host}'"
    return None
