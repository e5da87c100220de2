"""Writes: questionnaire libraries (import from xlsx, built-in YAML)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.organizations.roles import (
    Role,
    is_system_admin,
    role_assignments,
)

from .. import importer
from ..models import Questionnaire, QuestionType


def can_import(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_system_admin(user) or any(a.role == Role.PLANNING for a in role_assignments(user))


# ---------------------------------------------------------------- questionnaires


@service
def questionnaire_import(*, user, file, name: str = "", version: str = "", kind: str = "") -> Questionnaire:
    """Import a workbook (sheet `Preguntas`); all-or-nothing, every problem reported."""
    if not can_import(user):
        raise PermissionDenied(_("Solo planeación o un administrador pueden importar cuestionarios."))
    specs = importer.read_workbook(file)
    file_name = getattr(file, "name", "") or (str(file) if isinstance(file, str) else "")
    base = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if file_name else _("Cuestionario importado")
    kind = kind or (
        Questionnaire.Kind.SELF_ASSESSMENT
        if any(s.qtype == QuestionType.SCALE for s in specs)
        else Questionnaire.Kind.FURAG
    )
    questionnaire = importer.build_questionnaire(
        specs,
        name=(name or base).strip() or _("Cuestionario importado"),
        version=version,
        kind=kind,
        source_file=file_name.rsplit("/", 1)[-1],
        user=user,
    )
    record_event(
        user=user,
        obj=questionnaire,
        verb="cuestionario importado",
        description=_("%(n)s preguntas en %(m)s módulos")
        % {"n": len(specs), "m": questionnaire.modules.count()},
    )
    return questionnaire


@service
def questionnaire_load_library(*, user=None, library: dict) -> tuple[Questionnaire, bool]:
    """Load a built-in YAML library once (idempotent by its code)."""
    code = library["code"]
    existing = Questionnaire.objects.filter(builtin_code=code).first()
    if existing:
        return existing, False
    specs = importer.parse_rows(importer.yaml_rows(library), sheet=f"{code}.yaml")
    questionnaire = importer.build_questionnaire(
        specs,
        name=library["name"],
        version=str(library.get("version", "")),
        kind=library.get("kind", Questionnaire.Kind.FURAG),
        description=library.get("description", ""),
        builtin_code=code,
        user=user,
    )
    return questionnaire, True


# ---------------------------------------------------------------- campaigns
