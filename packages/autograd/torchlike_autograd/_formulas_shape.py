"""Derivatives of the shape ops (same F table as _formulas.py)."""
