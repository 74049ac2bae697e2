"""Every reference a sales body can carry is confined to the caller's workspace."""

import inspect

from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

import sales.serializers as module
from sales.serializers import WorkspaceMemberField
from simplycrm.api.serializers import WorkspaceRelatedField

SCOPED = (WorkspaceRelatedField, WorkspaceMemberField)


def _serializer_classes():
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, serializers.BaseSerializer)
    ]


def _relations(serializer: serializers.Serializer, path: str = ""):
    for name, field in serializer.fields.items():
        where = f"{path}{name}"
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            yield from _relations(field, f"{where}.")
        elif isinstance(field, ManyRelatedField):
            yield where, field.child_relation
        elif isinstance(field, RelatedField):
            yield where, field


def test_every_writable_reference_is_looked_up_in_the_callers_workspace():
    writable = {
        f"{cls.__name__}.{where}": field
        for cls in _serializer_classes()
        for where, field in _relations(cls())
        if not field.read_only
    }

    unscoped = [where for where, field in writable.items() if not isinstance(field, SCOPED)]
    assert unscoped == []
    assert {"OpportunitySerializer.company", "OrderSerializer.lines.product"} <= set(writable)
