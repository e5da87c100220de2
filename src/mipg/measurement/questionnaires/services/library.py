"""Writes: questionnaire libraries (import from xlsx, built-in YAML)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected
from mipg.organizations.roles import Role, holds_national_role

from .. import importer
from ..models import Questionnaire, QuestionType


def can_import(user) -> bool:
    """Question banks are shared by every entity: only a system administrator or an «administrador de
    bancos de preguntas» imports them."""
    return holds_national_role(user, Role.QUESTION_BANK_ADMIN)


# ---------------------------------------------------------------- questionnaires


def check_version_is_new(name: str, version: str) -> None:
    """A library version is immutable: campaigns' answers point at its questions. A corrected bank is a
    new version, so the one in use stays intact (see docs/decisions/0061-shared-data-imports.md)."""
    if Questionnaire.objects.filter(name=name[:200], version=version[:40]).exists():
        raise ImportRejected.single(
            _(
                "Ya existe el cuestionario «%(name)s» versión «%(version)s»: una versión importada no se "
                "reemplaza (las campañas responden sus preguntas). Impórtelo con otra versión."
            )
            % {"name": name, "version": version or "—"}
        )


@service
def questionnaire_import(*, user, file, name: str = "", version: str = "", kind: str = "") -> Questionnaire:
    """Import a workbook (sheet `Preguntas`, and the optional sheet `Cuestionario` with its name, version,
    class and description; what the form says wins); all-or-nothing, every problem reported."""
    if not can_import(user):
        raise PermissionDenied(
            _("Solo un administrador de bancos de preguntas o del sistema importa cuestionarios.")
        )
    specs, meta = importer.read_workbook_with_meta(file)
    file_name = getattr(file, "name", "") or (str(file) if isinstance(file, str) else "")
    base = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if file_name else _("Cuestionario importado")
    name = name or meta.get("name", "")
    version = version or meta.get("version", "")
    kind = (
        kind
        or meta.get("kind")
        or (
            Questionnaire.Kind.SELF_ASSESSMENT
            if any(s.qtype == QuestionType.SCALE for s in specs)
            else Questionnaire.Kind.FURAG
        )
    )
    final_name = ((name or base).strip() or _("Cuestionario importado"))[:200]
    check_version_is_new(final_name, version)
    questionnaire = importer.build_questionnaire(
        specs,
        name=final_name,
        version=version,
        kind=kind,
        description=meta.get("description", ""),
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
