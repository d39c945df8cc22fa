"""Canonical URLs: the same page however a feed or a share button linked to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DUPLICATE_SLASHES_PATTERN = re.compile(r"/{2,}")


@dataclass(frozen=True)
class UrlRules:
    tracking_exact: frozenset[str]
    tracking_prefixes: tuple[str, ...]
    mobile_host_prefixes: tuple[str, ...]
    amp_path_endings: tuple[tuple[str, str], ...]  # (AMP ending, regular ending), longest first
    amp_query_keys: frozenset[str]

    @classmethod
    def from_data(cls, data: dict, extra_parameters: tuple[str, ...] = ()) -> UrlRules:
        names = [*data.get("tracking_parameters", ()), *extra_parameters]
        return cls(
            tracking_exact=frozenset(n.lower() for n in names if not n.endswith("*")),
            tracking_prefixes=tuple(n[:-1].lower() for n in names if n.endswith("*")),
            mobile_host_prefixes=tuple(data.get("mobile_host_prefixes", ())),
            amp_path_endings=tuple(
                sorted((data.get("amp_path_endings") or {}).items(), key=lambda pair: -len(pair[0]))
            ),
            amp_query_keys=frozenset(k.lower() for k in data.get("amp_query_keys", ())),
        )

    def is_tracking(self, key: str) -> bool:
        key = key.lower()
        return key in self.tracking_exact or key in self.amp_query_keys or key.startswith(self.tracking_prefixes)


def canonical_url(url: str | None, rules: UrlRules) -> str | None:
    """Lower-case scheme and host, no www/mobile/AMP variant, no tracking parameters, no fragment."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("www.", *rules.mobile_host_prefixes):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = DUPLICATE_SLASHES_PATTERN.sub("/", parts.path or "/")
    for ending, regular in rules.amp_path_endings:
        if path.endswith(ending) and len(path) > len(ending):
            path = path[: -len(ending)] + regular or "/"
            break
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not rules.is_tracking(k))
    return urlunsplit(("https", host, path, urlencode(query), ""))
