"""What a learner does, as functions over a Session: steps and references, status
changes, progress, notes, history, search, paths, backups, syncing path files.

The core returns plain result objects (learnpath.model, core.results) and raises
LearnpathError for anything a user can fix. It never imports typer, click, rich,
textual or a database driver: storage answers its questions, and front ends (today the
command line) show its answers.
"""
