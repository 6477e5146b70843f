"""The answer to `OPTIONS` on an API endpoint: its name and description, what it renders and
parses. DRF's default also describes the writable fields, by building the view's serializer
(and, for PUT, loading the object: a 500 on views that read through selectors); the schema
(`/api/v1/schema/`) is where fields are described."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # DRF's views import this module through its settings
    from rest_framework.views import APIView


class ApiMetadata(SimpleMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": "/api/v1/schema/",
        }
