"""Every text the API takes has a maximum length and every integer a maximum, and the
lengths are the same in the API, the HTML forms and the models (motcua/core/inputs.py);
every component of the OpenAPI schema has a name of its own (issue 7)."""

import pytest

from motcua.api import api
from motcua.core import inputs
from motcua.dossiers.forms import ReceptionForm
from motcua.dossiers.models import Dossier
from motcua.portal.forms import FilingForm

UNBOUNDED_FORMATS = {"date", "date-time", "binary"}


def _schema():
    return api.get_openapi_schema(path_prefix="/api/v1")


def _unbounded(schema, components, where, seen=()):
    """Paths inside ``schema`` of strings without maxLength and integers without maximum."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _unbounded(components[name], components, f"{where}<{name}>", (*seen, name))
    found = []
    for alternative in schema.get("anyOf", []) + schema.get("allOf", []):
        found += _unbounded(alternative, components, where, seen)
    kind = schema.get("type")
    if kind == "string" and "maxLength" not in schema and "enum" not in schema:
        if schema.get("format") not in UNBOUNDED_FORMATS:
            found.append(where)
    if kind == "integer" and "maximum" not in schema:
        found.append(where)
    if kind == "array":
        found += _unbounded(schema.get("items", {}), components, where + "[]", seen)
    for name, sub in schema.get("properties", {}).items():
        found += _unbounded(sub, components, f"{where}.{name}", seen)
    return found


def test_every_input_of_the_api_is_bounded():
    schema = _schema()
    components = schema["components"]["schemas"]
    unbounded = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} ?{parameter['name']}"
                unbounded += _unbounded(parameter.get("schema", {}), components, where)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                where = f"{method.upper()} {path} body"
                unbounded += _unbounded(content["schema"], components, where)
    assert unbounded == []


def test_component_names_are_unique():
    """ninja names a component after its class: two ``StepOut`` classes (procedures and
    dossiers) silently became one component, and every procedure answer then violated the
    published schema. Every schema class reachable from the API has a name of its own."""
    classes: dict[str, set[type]] = {}
    for cls in _api_schema_classes():
        classes.setdefault(cls.__name__, set()).add(cls)
    duplicates = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in found)
        for name, found in classes.items()
        if len(found) > 1
    }
    assert duplicates == {}


def _api_schema_classes():
    """The schema classes of every operation's input and answers (ninja's per-operation
    wrappers, which never become components, left out)."""
    from typing import get_args

    from pydantic import BaseModel

    stack = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                stack.extend(operation.models)
                stack.extend(m for m in operation.response_models.values() if m)
    seen: set[type] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in seen:
                continue
            seen.add(item)
            stack.extend(field.annotation for field in item.model_fields.values())
        else:
            stack.extend(get_args(item))
    return [c for c in seen if not c.__module__.startswith(("ninja", "abc"))]


@pytest.mark.parametrize(
    ("api_field", "form_field", "model_field"),
    [
        ("name", "applicant_name", "applicant_name"),
        ("id_number", "applicant_id_number", "applicant_id_number"),
        ("phone", "applicant_phone", "applicant_phone"),
        ("email", "applicant_email", "applicant_email"),
        ("address", "applicant_address", "applicant_address"),
    ],
)
def test_applicant_limits_are_the_same_in_the_api_the_forms_and_the_model(
    api_field, form_field, model_field
):
    applicant = _schema()["components"]["schemas"]["ApplicantIn"]["properties"][api_field]
    desk = ReceptionForm.base_fields[form_field].max_length
    portal = FilingForm.base_fields[form_field].max_length
    model = Dossier._meta.get_field(model_field).max_length
    assert applicant["maxLength"] == desk == portal == model


def test_the_name_limit_is_two_hundred_characters():
    assert inputs.NAME_MAX == 200
