"""The JSON Schema of the YAML path format, for editors and validators."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from learnpath.pathfile.definition import PathDef


class _FormatNames(GenerateJsonSchema):
    """Names each definition by the format's word for it ('Step'), not the class's."""

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name.removesuffix("Def"))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML path format, from the pydantic models."""
    schema = PathDef.model_json_schema(schema_generator=_FormatNames)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "learnpath path file",
        **{k: v for k, v in schema.items() if k != "title"},
    }
