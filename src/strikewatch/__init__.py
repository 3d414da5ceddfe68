"""strikewatch: sourced claims about massed air attacks, resolved into nightly records."""

__version__ = "0.1.0"
