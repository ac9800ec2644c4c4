"""newsdigest: ingest scraped news articles and build them into a static digest site."""

__version__ = "0.1.0"
