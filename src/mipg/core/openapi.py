"""OpenAPI schema: every operation documents the error answers it can give, in the one error shape of
`mipg.core.api.error_body`, so that clients (and schemathesis) know them without per-view annotations."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from rest_framework import permissions, serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Código estable del error (p. ej. `invalid`, `not_found`).")
    message = serializers.CharField(help_text="Mensaje en español para mostrar a la persona.")
    details = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Errores por campo (`invalid`) o datos del conflicto; puede estar vacío.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    "400": "Datos o parámetros inválidos (incluido `page_size`).",
    "401": "Falta el token o no es válido.",
    "403": "El usuario no tiene un rol que permita esta acción.",
    "404": "No existe o pertenece a una entidad que el usuario no puede ver (o la página no existe).",
    "409": "Conflicto con el estado actual del registro (por ejemplo, ya fue aprobado).",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema plus the documented error responses of each operation."""

    def error_status_codes(self) -> list[str]:
        codes = []
        has_query = any(p.get("in") == "query" for p in self._get_parameters())
        if self.method in UNSAFE_METHODS or has_query:
            codes.append("400")
        public = all(
            isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions()
        )
        if not public:
            codes += ["401", "403"]
        # Detail routes and writes answer 404 for unknown or foreign objects (also those named in a body);
        # lists answer 404 for a page past the end.
        if "{" in self.path or self._is_list_view() or self.method in UNSAFE_METHODS:
            codes.append("404")
        if self.method in UNSAFE_METHODS:
            codes.append("409")
        return codes

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and "$ref" not in schema and may_be_null(field):
            schema["nullable"] = True
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_status_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses


def may_be_null(field) -> bool:
    """Whether a read field can answer null: `default=None`, or a dotted `source` that crosses a nullable
    relation (DRF answers null when any step is None), or a source that ends on a nullable column."""
    if getattr(field, "allow_null", False) or getattr(field, "default", serializers.empty) is None:
        return True
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    attrs = getattr(field, "source_attrs", None) or []
    if model is None or not attrs or field.source == "*":
        return False
    for attr in attrs:
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if getattr(model_field, "null", False):
            return True
        model = getattr(model_field, "related_model", None)
        if model is None:
            return False
    return False
