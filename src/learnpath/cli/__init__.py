"""The command line: Typer commands by topic (daily, history, paths, backups) that parse,
call one core function and render the result; cli.app builds the app and holds main().
Nothing imports this package but learnpath.__main__ and the console script."""
