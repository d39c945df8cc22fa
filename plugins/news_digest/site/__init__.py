"""Steps over all articles at once, after every file has been read."""
