"""Production values only; everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The site's public address, e.g. https://NAME.github.io or https://NAME.github.io/REPO
SITEURL = os.environ.get("SITEURL", "https://example.github.io").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
