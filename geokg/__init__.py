"""geokg: explore geopolitical knowledge graphs built from news claims, with provenance on every edge."""

__version__ = "0.1.0"
