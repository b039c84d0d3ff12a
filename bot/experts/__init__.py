"""Asking the organisation's experts when the report has no answer (issue 20)."""
