"""One file per schema revision, oldest 0001."""
