"""What an issue is read from: the YAML manifest and front matter (`yamlsafe`, `yamlparse`,
`fields`, `schema`, `manifest`), and Word documents read as articles (`docx_*`; the command
that writes them into an issue is `newsletter_cli/importcmd.py`)."""
