"""Placeholder: mentorship API."""

from ninja import Router

router = Router()
