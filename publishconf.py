"""Production values only; everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The site's public address: https://NAME.github.io, https://NAME.github.io/REPO (a project site) or
# https://your.domain. `make publish SITEURL=…` sets it, and the Pages workflow sets it from the
# repository's Pages settings; with only CNAME set it is https://CNAME.
SITEURL = (
    os.environ.get("SITEURL")
    or (f"https://{os.environ['CNAME']}" if os.environ.get("CNAME") else "https://example.github.io")
).rstrip("/")
# Absolute links everywhere, so pages, feeds and copies of them all point at the public site.
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
