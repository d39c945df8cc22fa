"""YAML read safely, with libyaml's parser where PyYAML was built with it.

PyYAML's own parser is pure Python: the plugin's data files and an archive's tags file (some 50 KB)
took about 0.14 s of every build's start (the bench's archive); libyaml's reads them in a seventh
of that. Both build the
same plain values (the safe constructor is PyYAML's either way) and raise yaml.YAMLError on bad input.
"""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    return yaml.load(stream, Loader=LOADER)
