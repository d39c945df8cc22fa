"""News Digest, a Pelican plugin: `register` (Pelican's entry point) is imported when first asked for,
so that a tool importing one of the package's modules (tools/search_index.py, the progress display)
does not import the whole plugin."""


def __getattr__(name: str):
    if name == "register":
        from .plugin import register  # noqa: PLC0415 (the point: imported when asked for)

        return register
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["register"]
