from newsletter_cli.cli import main

main()
