"""Deals: create, change, move along the pipeline, and read their timeline."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from simplycrm.api.views import WorkspaceModelViewSet

from .. import selectors
from ..filters import OpportunityFilterSet
from ..selectors import TimelineCursor, opportunity_timeline
from ..serializers import (
    AttachmentSerializer,
    DealActivitySerializer,
    NoteSerializer,
    OpportunityMoveSerializer,
    OpportunitySerializer,
    StageChangeSerializer,
    TimelinePageSerializer,
)
from ..services import opportunity_create, opportunity_move, opportunity_update
from .common import SalesViewSetMixin

TIMELINE_PAGE_SIZE = 50
TIMELINE_MAX_PAGE_SIZE = 200
_TIMELINE_SERIALIZERS = {
    "stage_change": StageChangeSerializer,
    "note": NoteSerializer,
    "file": AttachmentSerializer,
    "activity": DealActivitySerializer,
}


class OpportunityViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """Deals. The stage changes only through `move`, which records each move in
    `stage_history`; `status` follows the kind of the stage.
    """

    resource = "sales.opportunities"
    queryset = selectors.opportunity_queryset()
    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilterSet
    search_fields = ["name"]
    ordering_fields = ["amount", "expected_close_date", "updated_at", "created_at"]

    def perform_create(self, serializer):
        opportunity = opportunity_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=opportunity.pk)

    def perform_update(self, serializer):
        opportunity = opportunity_update(
            opportunity=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=opportunity.pk)

    @extend_schema(request=OpportunityMoveSerializer, responses={200: OpportunitySerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move the deal to another stage of its pipeline; the move joins `stage_history`.

        Moving to a stage of another pipeline is a 400; moving to the current stage changes
        nothing. A won or lost stage stamps `won_at` or `lost_at`.
        """
        opportunity = self.get_object()
        body = OpportunityMoveSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)

        opportunity_move(opportunity=opportunity, actor=self.actor, **body.validated_data)

        fresh = self.get_queryset().get(pk=opportunity.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, description="The `next` link's cursor."),
            OpenApiParameter(
                "limit", int, description=f"Entries per page (at most {TIMELINE_MAX_PAGE_SIZE})."
            ),
        ],
        responses={200: TimelinePageSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def timeline(self, request, *args, **kwargs):
        """The deal's history, newest first: stage moves, notes, files and, where the plan
        has deal activities, its calls, emails, meetings and messages.
        """
        opportunity = self.get_object()
        limit = serializers.IntegerField(min_value=1, max_value=TIMELINE_MAX_PAGE_SIZE)
        try:
            size = limit.run_validation(request.query_params.get("limit", TIMELINE_PAGE_SIZE))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"limit": exc.detail}) from None
        cursor_text = request.query_params.get("cursor")
        cursor = TimelineCursor.decode(cursor_text) if cursor_text else None

        entries, next_cursor = opportunity_timeline(
            opportunity=opportunity,
            with_activities="sales.deal_activities" in self.workspace.feature_flags,
            limit=size,
            cursor=cursor,
        )

        context = self.get_serializer_context()
        at = serializers.DateTimeField()
        results = [
            {
                "type": entry.type,
                "at": at.to_representation(entry.at),
                "id": entry.object.pk,
                "data": _TIMELINE_SERIALIZERS[entry.type](entry.object, context=context).data,
            }
            for entry in entries
        ]
        next_url = (
            replace_query_param(request.build_absolute_uri(), "cursor", next_cursor.encode())
            if next_cursor
            else None
        )
        return Response({"next": next_url, "results": results})
