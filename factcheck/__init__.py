"""factcheck: fact-check the financial figures in news articles against market data."""

__version__ = "0.1.0"
