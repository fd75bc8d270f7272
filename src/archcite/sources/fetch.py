"""Fetching a document page over HTTP, with a timeout, a size cap, safe redirects and a cache.

Only Wilson Center hosts are contacted (and the configured base address: ``--base`` or
``ARCHCITE_WILSON_BASE``, which tests point at a local server); a redirect to any other host is
refused. Pages are cached on disk under the user's cache folder (``$XDG_CACHE_HOME/archcite``),
keyed by a hash of the address, so the same page is not fetched twice and a cache file name can
never be chosen by the address. Only pages that parsed as documents are cached.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from archcite.errors import SourceError
from archcite.files import atomic_write_bytes, atomic_write_text, user_cache_dir
from archcite.sources.addresses import CANONICAL_BASE, Address, is_wilson_host, parse_address

DEFAULT_TIMEOUT = 20.0
MAX_PAGE_BYTES = 8 * 1024 * 1024
USER_AGENT = "archcite (citation manager; +https://pypi.org/project/archcite/)"
BASE_ENV = "ARCHCITE_WILSON_BASE"


@dataclass(frozen=True)
class FetchSettings:
    """Where and how pages are fetched."""

    base: str = CANONICAL_BASE
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_PAGE_BYTES
    cache_dir: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str], base: str | None = None,
                 timeout: float | None = None) -> FetchSettings:
        """Settings from options and environment (``ARCHCITE_WILSON_BASE``, cache folder)."""
        chosen = (base or env.get(BASE_ENV) or CANONICAL_BASE).rstrip("/")
        if not chosen.lower().startswith(("http://", "https://")):
            raise SourceError(f"the Wilson Center base address {chosen!r} must start with http")
        return cls(base=chosen, timeout=timeout or DEFAULT_TIMEOUT,
                   cache_dir=user_cache_dir(env) / "pages")

    @property
    def base_host(self) -> str:
        """The host of the base address."""
        return (urlsplit(self.base).hostname or "").lower()

    def trusted(self, host: str) -> bool:
        """True for a host pages may come from."""
        return is_wilson_host(host) or host.lower() == self.base_host


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: the address asked for, the body, its content type."""

    url: str
    body: bytes
    content_type: str
    from_cache: bool = False


def resolve_for_fetch(text: str, settings: FetchSettings) -> tuple[Address, str]:
    """The address a user gave, and the URL to fetch it from (on the configured base)."""
    address = parse_address(text, extra_hosts=(settings.base_host,))
    if address.kind == "listing":
        raise SourceError(f"{text} is {address.explanation}")
    split = urlsplit(settings.base)
    path = address.path
    query = ""
    if address.kind != "document" or not address.record_id:
        query = urlsplit(text if "://" in text else "https://" + text).query
    if address.kind == "document":
        path = f"/document/{address.record_id}"
    url = urlunsplit((split.scheme, split.netloc, split.path.rstrip("/") + path, query, ""))
    return address, url


class _SafeRedirects:
    """A redirect handler (built lazily) that follows redirects only to trusted hosts."""

    @staticmethod
    def build(settings: FetchSettings) -> object:
        import urllib.request

        class Handler(urllib.request.HTTPRedirectHandler):
            max_redirections = 5

            def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
                parts = urlsplit(newurl)
                host = parts.hostname or ""
                if parts.scheme.lower() not in ("http", "https"):  # urllib would follow ftp:
                    raise SourceError(
                        f"{req.full_url} redirects to a {parts.scheme or 'relative'} address,"
                        " not a web page"
                    )
                if not settings.trusted(host):
                    raise SourceError(
                        f"{req.full_url} redirects to {host}, not a Wilson Center host"
                    )
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        return Handler()


def _cache_paths(settings: FetchSettings, url: str) -> tuple[Path, Path] | None:
    if settings.cache_dir is None:
        return None
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    return settings.cache_dir / f"{digest}.page", settings.cache_dir / f"{digest}.json"


def cached_page(settings: FetchSettings, url: str) -> FetchedPage | None:
    """The cached copy of ``url``, if one was stored."""
    paths = _cache_paths(settings, url)
    if paths is None or not paths[0].is_file() or not paths[1].is_file():
        return None
    try:
        meta = json.loads(paths[1].read_text("utf-8"))
        body = paths[0].read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    return FetchedPage(url=url, body=body, content_type=str(meta.get("content-type", "")),
                       from_cache=True)


def store_page(settings: FetchSettings, page: FetchedPage) -> None:
    """Keep a page in the cache (best effort: a cache that cannot be written is skipped)."""
    paths = _cache_paths(settings, page.url)
    if paths is None or page.from_cache:
        return
    try:
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(paths[0], page.body)
        atomic_write_text(paths[1], json.dumps({"url": page.url,
                                                 "content-type": page.content_type}))
    except Exception:
        return


def fetch_url(url: str, settings: FetchSettings) -> FetchedPage:
    """GET ``url`` (a trusted host), with the timeout and size cap; one-line errors."""
    import http.client
    import urllib.error
    import urllib.request

    host = urlsplit(url).hostname or ""
    if not settings.trusted(host):
        raise SourceError(f"{url}: not a Wilson Center host")
    opener = urllib.request.build_opener(_SafeRedirects.build(settings))  # type: ignore[arg-type]
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html,text/plain;q=0.9"})
    try:
        with opener.open(request, timeout=settings.timeout) as response:
            final_host = urlsplit(response.geturl()).hostname or ""
            if not settings.trusted(final_host):
                raise SourceError(f"{url}: answered from {final_host}, not a Wilson Center host")
            content_type = response.headers.get("Content-Type", "")
            body = response.read(settings.max_bytes + 1)
    except SourceError:
        raise
    except urllib.error.HTTPError as exc:
        status = "not found" if exc.code == 404 else (exc.reason or "error")
        raise SourceError(f"{url}: the server answered HTTP {exc.code} ({status})") from exc
    except urllib.error.URLError as exc:
        cause = exc.reason
        if isinstance(cause, (TimeoutError, socket.timeout)):
            raise SourceError(
                f"{url}: no answer within {settings.timeout:g} s (timed out)"
            ) from exc
        text = getattr(cause, "strerror", None) or str(cause)
        raise SourceError(f"{url}: cannot reach the server ({text}); are you offline?") from exc
    except TimeoutError as exc:
        raise SourceError(f"{url}: no answer within {settings.timeout:g} s (timed out)") from exc
    except (http.client.HTTPException, ConnectionError, OSError, ValueError) as exc:
        name = type(exc).__name__
        raise SourceError(f"{url}: the connection failed ({name}: {exc})") from exc
    if len(body) > settings.max_bytes:
        raise SourceError(f"{url}: the page is larger than {settings.max_bytes} bytes; refused")
    lowered = content_type.lower()
    if lowered and not any(t in lowered for t in ("html", "text/plain", "xml", "markdown")):
        kind = lowered.split(";")[0]
        raise SourceError(f"{url}: the server sent {kind}, not a document page")
    return FetchedPage(url=url, body=body, content_type=content_type)
