"""Curated knowledge from Greijdanus e.a. (2023): entry model, loading and validation."""

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import Entry, KnowledgeBase, Section, Source

__all__ = ["Entry", "KnowledgeBase", "KnowledgeError", "Section", "Source", "load_knowledge"]
