"""Derivatives of the sorting ops (same F table as _formulas.py)."""
