"""Derivatives of the indexing ops (same F table as _formulas.py)."""
