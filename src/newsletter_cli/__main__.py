from newsletter_cli.entry import main

main()
