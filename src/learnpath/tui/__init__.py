"""`learnpath browse`: the whole path in one full-screen view, studied with single keys.

A second front end beside `cli/`, on Textual: it parses keys, calls the same core
functions as the commands and renders their results. Only `browse` imports it, so no
everyday command loads Textual.
"""
