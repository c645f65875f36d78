"""learnpath: a command-line study tracker for curated learning paths."""

__version__ = "0.1.0"
