"""Copydesk core: parsing, checking, storage and workflow. Never imports Qt."""

__version__ = "0.1.0"
