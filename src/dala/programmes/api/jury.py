"""Placeholder: jury API."""

from ninja import Router

router = Router()
