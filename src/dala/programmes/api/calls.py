"""Placeholder: calls API."""

from ninja import Router

router = Router()
