"""A Pelican plugin for tests: what the news_digest reader parsed in a build, and what its cache did.

The log file is PARSE_LOG (an environment variable), one JSON object a line: {"parsed": PATH} for every
file the pipeline parsed, in the build's process or in a forked worker (each inherits the wrapped
function, and appends its own lines), then {"cache": …} with the parse cache's hits and the entries it
kept, and the articles made again from the article cache, once the archive is read. Listed after news_digest in PLUGINS.
"""

from __future__ import annotations

import json
import os

from news_digest import parsing
from pelican import signals

unwrapped_parse = parsing.parse_uncached


def append(record: dict) -> None:
    # One short line per write, in append mode: lines from several processes never interleave.
    with open(os.environ["PARSE_LOG"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


def logged_parse(path, *args, **kwargs):
    append({"parsed": path})
    return unwrapped_parse(path, *args, **kwargs)


def record_cache(generator) -> None:
    reader = generator.readers.readers.get("txt")
    cache = getattr(reader, "cache", None)
    append({"cache": None if cache is None else {"hits": cache.hits, "kept": len(cache.used), "remade": reader.remade}})


def register():
    parsing.parse_uncached = logged_parse
    signals.article_generator_pretaxonomy.connect(record_cache)
