"""The process shell: the `rfh` command, the HTTP server, the Bolt app, settings, manifest and wiring."""
