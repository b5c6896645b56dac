"""The Destination service's request-body schemas, transcribed in destination_service_schemas.json."""

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_FILE = Path(__file__).with_name("destination_service_schemas.json")


def validator(name: str) -> Draft202012Validator:
    """A validator for one of the file's $defs, e.g. "PostSubaccountDestinationsBody"."""
    document: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": document["$defs"]})


def errors(name: str, body: object) -> list[str]:
    return [e.message for e in validator(name).iter_errors(body)]
