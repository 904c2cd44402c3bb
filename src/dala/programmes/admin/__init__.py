"""Programmes admin, one module per area."""
