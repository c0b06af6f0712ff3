"""Derivatives of the linalg ops (same F table as _formulas.py)."""
