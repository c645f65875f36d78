"""Showing results: Rich output for people (console, steps, progress, paths) and the
JSON writer for scripts (jsonout, standard library only, so `--json` never loads Rich).

Renderers take the result objects of learnpath.model and core.results; they never
touch storage.
"""
