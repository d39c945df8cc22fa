"""Which publisher an article comes from: the URL's host, else the folder the file sits in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from . import yaml_data
from .model import Source

VALID_DATE_ORDERS = frozenset({"DMY", "MDY", "YMD"})
SOURCE_ID_PATTERN = re.compile(r"[^a-z0-9]+")


class SourceConfigError(ValueError):
    pass


def bare_host(host: str | None) -> str | None:
    if not host:
        return None
    host = host.lower().strip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    return host


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url.strip()).hostname
    except ValueError:
        return None


def source_from_entry(source_id: str, entry: dict, path: str) -> Source:
    if not isinstance(entry, dict) or not entry.get("name"):
        raise SourceConfigError(f"{path}: source {source_id!r} needs a name")
    domains = entry.get("domains") or []
    if not isinstance(domains, list):
        raise SourceConfigError(f"{path}: source {source_id!r}: domains must be a list")
    order = entry.get("date_order")
    if order is not None and order not in VALID_DATE_ORDERS:
        raise SourceConfigError(f"{path}: source {source_id!r}: date_order must be DMY, MDY or YMD")
    timezone = entry.get("timezone")
    if timezone is not None:
        from .dates import zone_named  # noqa: PLC0415

        if zone_named(timezone) is None:
            raise SourceConfigError(f"{path}: source {source_id!r}: unknown time zone {timezone!r}")
    return Source(
        id=str(source_id),
        name=str(entry["name"]),
        domain=str(domains[0]) if domains else None,
        timezone=timezone,
        language=entry.get("language"),
        date_order=order,
        boilerplate=tuple(str(line) for line in entry.get("boilerplate") or ()),
    )


class SourceIndex:
    def __init__(self, sources: list[Source], domains: dict[str, list[str]]):
        self.by_id = {source.id: source for source in sources}
        self.by_host: dict[str, list[str]] = {}
        for source_id, names in domains.items():
            for name in names:
                self.by_host.setdefault(bare_host(name), []).append(source_id)

    @classmethod
    def from_yaml(cls, path: str | None) -> SourceIndex:
        if not path:
            return cls([], {})
        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml_data.safe_load(handle) or {}
        except FileNotFoundError:
            return cls([], {})
        except yaml.YAMLError as error:
            raise SourceConfigError(f"{path}: not valid YAML: {error}") from error
        if not isinstance(data, dict):
            raise SourceConfigError(f"{path}: expected a mapping of source ids")
        sources = [source_from_entry(key, value, path) for key, value in data.items()]
        domains = {str(key): [str(d) for d in (value.get("domains") or [])] for key, value in data.items()}
        return cls(sources, domains)

    def for_host(self, host: str | None, folder: str | None) -> Source | None:
        host = bare_host(host)
        while host and "." in host:
            ids = self.by_host.get(host)
            if ids:
                chosen = folder if folder in ids else ids[0]
                return self.by_id[chosen]
            host = host.split(".", 1)[1]
        return None

    def resolve(self, url: str | None, folder: str | None) -> tuple[Source, tuple[str, ...]]:
        """The known source for the URL's host, else for the folder, else one made from either."""
        host = host_of(url)
        source = self.for_host(host, folder)
        if source:
            return source, ()
        if folder in self.by_id:
            known = self.by_id[folder]
            if host and known.domain and bare_host(host) != bare_host(known.domain):
                return known, (f"URL host {host} is not among the domains of source {folder}",)
            return known, ()
        if host:
            source_id = SOURCE_ID_PATTERN.sub("-", bare_host(host)).strip("-")
            return Source(id=source_id, name=bare_host(host), domain=host, known=False), (
                f"source unknown: {host} is not in sources.yaml",
            )
        if folder:
            source_id = SOURCE_ID_PATTERN.sub("-", folder.lower()).strip("-") or "unknown"
            return Source(id=source_id, name=folder, domain=None, known=False), (
                f"source unknown: folder {folder!r} is not in sources.yaml and the file has no URL",
            )
        return Source(id="unknown", name="Unknown source", domain=None, known=False), (
            "source unknown: no URL and no source folder",
        )
