"""The version of the package (read by setup.cfg and written into every bundle)."""

__version__ = "0.1.0"
