"""The ingest half: a raw scraped article -> content/<slug>.md."""
