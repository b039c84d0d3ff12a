"""What our pipeline components without a trained state share: Rasa's constructor contract."""

from __future__ import annotations

from typing import Any, Self

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class StatelessComponent(GraphComponent):
    """A pipeline component that keeps nothing between messages and needs no configuration:
    Rasa creates it with ``create``, which ignores its arguments. Subclasses implement
    ``process`` (and register themselves with ``DefaultV1Recipe.register``)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        return cls()
