"""The one error the plugin raises for a raw file it cannot turn into an article."""


class RejectedFile(Exception):
    """A raw file that cannot become an article; `reason` says why in a few words."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
