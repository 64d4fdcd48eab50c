"""Imports from open catalogs: each source's reader turns its files into the records of ``records``, and
``apply`` matches them with the catalog and writes them, keeping every change an editor made."""
