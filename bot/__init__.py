"""Wegwijzer: everything around Rasa (knowledge, rendering, safety, channels).

Imports go one way: ``actions`` uses ``bot``; ``bot`` reads ``knowledge/``.
"""
