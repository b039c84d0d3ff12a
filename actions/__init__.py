"""Wegwijzer's rasa-sdk action server: what the assistant does.

Run with ``rasa run actions --actions actions``. Each module holds the actions of one
concern; they use :mod:`bot` for knowledge, rendering and safety.
"""
