"""Plain Pelican, the reference `make bench` measures our build against.

Its default theme (notmyidea), its Markdown reader and its default feeds, over the Markdown twin of the
benchmark archive (`python -m tools.bench_corpus N DIR --format markdown`): the same articles and text as
the raw files our build reads. tools/bench.py gives the content folder, the output folder and CACHE_PATH.
"""

SITENAME = "News Digest benchmark reference"
SITEURL = "http://localhost:8000"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = []
RELATIVE_URLS = True
# Rebuilds read what the previous build parsed, as someone who keeps the cache would have them do.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Our page size (pelicanconf.py); Pelican's default would list the whole archive on every list page.
DEFAULT_PAGINATION = 30
