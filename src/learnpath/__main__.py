from learnpath.cli.app import main

main()
