"""Writes: results import (bulk, all-or-nothing), recommendations, improvement plans."""

import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.catalog.models import Dimension, Policy, SubIndex
from mipg.catalog.selectors import current_version
from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.xlsx import open_workbook
from mipg.organizations.models import Entity

from .codes import clean_header, code_kind, normalise
from .importer import check_vigencia, read_results_workbook
from .models import (
    ActionProgress,
    Finding,
    ImprovementAction,
    ImprovementPlan,
    Recommendation,
    ResultImport,
    ResultSubject,
    Score,
)
from .permissions import can_import_recommendations, can_import_results, can_manage_plans, can_verify

BATCH_SIZE = 5000
SUBJECT_FIELDS = ["name", "legal_nature", "departamento", "municipio", "peer_group", "form_type", "entity"]


def known_codes() -> set[str]:
    version = current_version()
    codes = set(Dimension.objects.filter(version=version).values_list("code", flat=True))
    codes |= set(Policy.objects.filter(version=version).values_list("code", flat=True))
    return codes


def _read_bytes(uploaded) -> bytes:
    if isinstance(uploaded, bytes):
        return uploaded
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        with open(uploaded, "rb") as handle:
            return handle.read()
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


@service
def results_import(
    *, user, file, vigencia, sheet: str | None = None, file_name: str = "", is_demo: bool = False
) -> ResultImport:
    """Import one vigencia of official results; a vigencia already imported is replaced atomically."""
    if user is not None and not can_import_results(user):
        raise PermissionDenied(
            _("Solo la oficina de planeación o un administrador importa resultados oficiales.")
        )
    year = check_vigencia(vigencia)
    data = _read_bytes(file)
    parsed = read_results_workbook(data, known_codes=known_codes(), sheet=sheet or None)
    codes = [column.code for column in parsed.columns]

    _sync_subindices(parsed.columns)
    subjects = _upsert_subjects(parsed.rows, year, is_demo)

    previous = ResultImport.objects.filter(vigencia=year).exists()
    Score.objects.filter(vigencia=year).delete()
    count = insert_scores(
        (year, subjects[row.identity["sigep_code"]], code, value)
        for row in parsed.rows
        for code, value in row.values.items()
    )

    record = ResultImport(
        vigencia=year,
        file_name=(file_name or getattr(file, "name", "") or "resultados.xlsx")[-250:],
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=parsed.sheet,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        row_count=len(parsed.rows),
        column_count=len(codes),
        score_count=count,
        codes=codes,
        replaced_previous=previous,
        is_demo=is_demo,
    )
    record.full_clean()
    record.save()
    record_event(
        user=user,
        obj=record,
        verb="vigencia reimportada" if previous else "resultados importados",
        description=_("%(rows)s entidades, %(cols)s índices, vigencia %(year)s")
        % {"rows": record.row_count, "cols": record.column_count, "year": year},
        data={"vigencia": year, "sha256": record.sha256, "rows": record.row_count, "columns": len(codes)},
    )
    return record


def insert_scores(values, *, batch_size: int = BATCH_SIZE) -> int:
    """Insert (vigencia, subject_id, code, value) tuples in batches with one prepared statement.
    Hundreds of thousands of rows per vigencia: building a model instance per score (bulk_create) costs
    several times more than the database work, so this writes the narrow table directly."""
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = f"INSERT INTO {table} (vigencia, subject_id, code, value) VALUES (%s, %s, %s, %s)"
    count = 0
    batch = []
    if connection.vendor == "postgresql":
        # COPY is the bulk path of PostgreSQL (several times faster than multi-row INSERTs).
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} (vigencia, subject_id, code, value) FROM STDIN") as copy:
                for item in values:
                    copy.write_row(item)
                    count += 1
        return count
    with connection.cursor() as cursor:
        for item in values:
            batch.append(item)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _sync_subindices(columns) -> None:
    """Create each sub-index the first time a header names it; link it to its policy when inferred
    (see importer._infer_subindex_policies) and not yet linked. Names already known are kept."""
    version = current_version()
    if version is None:
        raise ImportRejected.single(_("Cargue primero el catálogo MIPG (mipg load-catalog)."))
    policies = {p.code: p for p in Policy.objects.filter(version=version)}
    existing = {s.code: s for s in SubIndex.objects.filter(version=version)}
    for column in columns:
        if code_kind(column.code) != "subindex":
            continue
        policy = policies.get(column.policy_code or "")
        sub = existing.get(column.code)
        if sub is None:
            SubIndex.objects.create(
                version=version, code=column.code, name=(column.name or column.code)[:300], policy=policy
            )
        elif sub.policy_id is None and policy is not None:
            sub.policy = policy
            sub.save(update_fields=["policy"])


def _upsert_subjects(rows, year: int, is_demo: bool) -> dict[str, int]:
    """sigep_code -> subject id. Identification (name, grupo par…) follows the newest vigencia imported."""
    codes = [row.identity["sigep_code"] for row in rows]
    entities = {}
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        entities.update(Entity.objects.filter(sigep_code__in=chunk).values_list("sigep_code", "pk"))
    existing = {s.sigep_code: s for s in ResultSubject.objects.all()}
    newest = Score.objects.order_by("-vigencia").values_list("vigencia", flat=True).first()
    refresh = newest is None or year >= newest
    to_create, to_update = [], []
    for row in rows:
        identity = row.identity
        values = {
            "name": identity.get("name", "")[:300] or identity["sigep_code"],
            "legal_nature": identity.get("legal_nature", "")[:150],
            "departamento": identity.get("departamento", "")[:120],
            "municipio": identity.get("municipio", "")[:120],
            "peer_group": identity.get("peer_group", "")[:150],
            "form_type": identity.get("form_type", "")[:80],
            "entity_id": entities.get(identity["sigep_code"]),
        }
        subject = existing.get(identity["sigep_code"])
        if subject is None:
            to_create.append(ResultSubject(sigep_code=identity["sigep_code"], is_demo=is_demo, **values))
            continue
        changed = subject.entity_id != values["entity_id"]
        subject.entity_id = values.pop("entity_id")
        if refresh:
            for name, value in values.items():
                if value and getattr(subject, name) != value:
                    setattr(subject, name, value)
                    changed = True
        if changed:
            to_update.append(subject)
    ResultSubject.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        ResultSubject.objects.bulk_update(to_update, SUBJECT_FIELDS, batch_size=500)
    mapping = {}
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        mapping.update(ResultSubject.objects.filter(sigep_code__in=chunk).values_list("sigep_code", "pk"))
    return mapping


# ---------------------------------------------------------------- recommendations

RECOMMENDATIONS_SHEET = "Recomendaciones"


@service
def recommendations_import(
    *, user, entity: Entity, vigencia, file, is_demo: bool = False
) -> list[Recommendation]:
    """Sheet «Recomendaciones» (Política | Recomendación | Política relacionada). Replaces the entity's
    recommendations of that vigencia unless some already feed an improvement action."""
    if not can_import_recommendations(user, entity):
        raise PermissionDenied(_("Solo la oficina de planeación de la entidad importa sus recomendaciones."))
    year = check_vigencia(vigencia)
    workbook = open_workbook(_read_bytes(file))
    sheet = next((n for n in workbook.sheet_names if normalise(n) == "recomendaciones"), None)
    if sheet is None:
        raise ImportRejected.single(
            _("El libro no tiene la hoja «Recomendaciones». Hojas disponibles: %(names)s.")
            % {"names": ", ".join(workbook.sheet_names)}
        )
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    problems = ProblemCollector(sheet=sheet)
    header_pos = None
    for position, row in enumerate(rows[:20]):
        keys = [normalise(cell) for cell in row]
        if "politica" in keys and "recomendacion" in keys:
            header_pos = position
            break
    if header_pos is None:
        raise ImportRejected.single(
            _("No se encontró la fila de encabezados con las columnas «Política» y «Recomendación»."),
            sheet=sheet,
        )
    keys = [normalise(cell) for cell in rows[header_pos]]
    col_policy, col_text = keys.index("politica"), keys.index("recomendacion")
    col_related = keys.index("politica relacionada") if "politica relacionada" in keys else None
    policies = {p.code: p for p in Policy.objects.filter(version=current_version())}
    items = []
    for position in range(header_pos + 1, len(rows)):
        row = rows[position] + [None] * 3
        number = position + 1
        if not any(cell not in (None, "") for cell in rows[position]):
            continue
        policy = _policy_from_cell(row[col_policy], policies)
        text = clean_header(row[col_text])
        if policy is None:
            problems.add(
                _("La política «%(value)s» no existe en el catálogo MIPG (use un código como POL05).")
                % {"value": clean_header(row[col_policy])},
                row=number,
                column=_("Política"),
            )
        if not text:
            problems.add(_("La recomendación está vacía."), row=number, column=_("Recomendación"))
        related = None
        if col_related is not None and clean_header(row[col_related]):
            related = _policy_from_cell(row[col_related], policies)
            if related is None:
                problems.add(
                    _("La política relacionada «%(value)s» no existe en el catálogo MIPG.")
                    % {"value": clean_header(row[col_related])},
                    row=number,
                    column=_("Política relacionada"),
                )
        if policy is not None and text:
            items.append((number, policy, text, related))
    if not items and not problems:
        problems.add(_("El archivo no tiene recomendaciones."), row=header_pos + 1)
    problems.raise_if_any()
    current = Recommendation.objects.filter(entity=entity, vigencia=year)
    if current.filter(findings__isnull=False).exists():
        raise ImportRejected.single(
            _(
                "Las recomendaciones de la vigencia %(year)s ya alimentan acciones de mejora: no se pueden "
                "reemplazar. Importe solo recomendaciones nuevas en otra vigencia o retire las acciones."
            )
            % {"year": year}
        )
    replaced = current.count()
    current.delete()
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(
                entity=entity,
                vigencia=year,
                policy=policy,
                text=text,
                related_policy=related,
                source_row=number,
                is_demo=is_demo,
            )
            for number, policy, text, related in items
        ]
    )
    record_event(
        user=user,
        obj=entity,
        verb="recomendaciones FURAG importadas",
        description=_("%(n)s recomendaciones de la vigencia %(year)s (reemplazó %(old)s)")
        % {"n": len(created), "year": year, "old": replaced},
        data={"vigencia": year, "count": len(created), "replaced": replaced},
    )
    return created


def _policy_from_cell(raw, policies: dict):
    text = clean_header(raw)
    if not text:
        return None
    from .codes import parse_code

    parsed = parse_code(text)
    if parsed and parsed[0] in policies:
        return policies[parsed[0]]
    key = normalise(text)
    for policy in policies.values():
        names = [policy.name, *(policy.aliases or [])]
        if key in {normalise(name) for name in names}:
            return policy
    return None


# ---------------------------------------------------------------- improvement plans


def _require_manager(user, entity):
    if not can_manage_plans(user, entity):
        raise PermissionDenied(_("No puede modificar planes de mejoramiento de esta entidad."))


@service
def plan_create(*, user, entity: Entity, name: str, vigencia: int | None = None, is_demo: bool = False):
    _require_manager(user, entity)
    plan = ImprovementPlan(
        entity=entity, name=name.strip(), vigencia=vigencia, created_by=user, is_demo=is_demo
    )
    plan.full_clean()
    plan.save()
    record_event(user=user, obj=plan, verb="plan de mejoramiento creado")
    return plan


@service
def finding_create(
    *,
    user,
    plan: ImprovementPlan,
    origin: str,
    description: str,
    cause: str = "",
    policy=None,
    recommendation=None,
) -> Finding:
    _require_manager(user, plan.entity)
    if recommendation is not None and recommendation.entity_id != plan.entity_id:
        raise ValidationError(_("La recomendación es de otra entidad."))
    finding = Finding(
        plan=plan,
        origin=origin,
        description=description.strip(),
        cause=cause.strip(),
        policy=policy or (recommendation.policy if recommendation else None),
        recommendation=recommendation,
    )
    finding.full_clean()
    finding.save()
    return finding


def _check_dates(start_date: date, due_date: date):
    if start_date and due_date and due_date < start_date:
        raise ValidationError(
            {"due_date": _("La fecha de terminación no puede ser anterior a la de inicio.")}
        )


@service
def action_create(
    *,
    user,
    finding: Finding,
    description: str,
    start_date: date,
    due_date: date,
    responsible: str = "",
    dependencia=None,
    deliverable: str = "",
    indicator: str = "",
) -> ImprovementAction:
    _require_manager(user, finding.plan.entity)
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(_("El hallazgo está cerrado: no admite nuevas acciones."))
    if dependencia is not None and dependencia.entity_id != finding.plan.entity_id:
        raise ValidationError({"dependencia": _("La dependencia es de otra entidad.")})
    _check_dates(start_date, due_date)
    action = ImprovementAction(
        finding=finding,
        description=description.strip(),
        start_date=start_date,
        due_date=due_date,
        responsible=responsible.strip(),
        dependencia=dependencia,
        deliverable=deliverable.strip(),
        indicator=indicator.strip(),
    )
    action.full_clean()
    action.save()
    if finding.recommendation_id:
        Recommendation.objects.filter(
            pk=finding.recommendation_id, status=Recommendation.Status.PENDING
        ).update(status=Recommendation.Status.IN_ACTION)
    return action


@service
def actions_from_recommendations(
    *,
    user,
    plan: ImprovementPlan,
    recommendations: list[Recommendation],
    start_date: date,
    due_date: date,
    responsible: str = "",
    dependencia=None,
) -> list[ImprovementAction]:
    """One finding (origin FURAG) and one action per selected recommendation, in one transaction."""
    _require_manager(user, plan.entity)
    if not recommendations:
        raise ValidationError(_("Seleccione al menos una recomendación."))
    _check_dates(start_date, due_date)
    actions = []
    for recommendation in recommendations:
        if recommendation.entity_id != plan.entity_id:
            raise ValidationError(_("Una de las recomendaciones es de otra entidad."))
        if recommendation.status != Recommendation.Status.PENDING:
            raise ValidationError(
                _("La recomendación «%(text)s» ya está en una acción de mejora.")
                % {"text": recommendation.text[:80]}
            )
        finding = finding_create(
            user=user,
            plan=plan,
            origin=Finding.Origin.FURAG,
            description=recommendation.text,
            cause=_("Por analizar (recomendación FURAG %(year)s).") % {"year": recommendation.vigencia},
            recommendation=recommendation,
        )
        actions.append(
            action_create(
                user=user,
                finding=finding,
                description=_("Atender la recomendación: %(text)s") % {"text": recommendation.text},
                start_date=start_date,
                due_date=due_date,
                responsible=responsible,
                dependencia=dependencia,
                deliverable=_("Evidencia de implementación de la recomendación"),
                indicator=_("Recomendación implementada (sí/no)"),
            )
        )
    record_event(
        user=user,
        obj=plan,
        verb="acciones creadas desde recomendaciones",
        description=_("%(n)s acciones") % {"n": len(actions)},
        data={"recommendations": [r.pk for r in recommendations]},
    )
    return actions


@service
def progress_report(
    *, user, action: ImprovementAction, percent: int, note: str, evidence=()
) -> ActionProgress:
    entity = action.finding.plan.entity
    _require_manager(user, entity)
    if action.status == ImprovementAction.Status.EFFECTIVE:
        raise ValidationError(_("La acción ya fue verificada como eficaz: no admite más avances."))
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("El avance debe estar entre 0 y 100.")})
    if int(percent) < action.progress:
        raise ValidationError(
            {"percent": _("El avance acumulado no puede bajar (hoy es %(p)s%%).") % {"p": action.progress}}
        )
    for item in evidence:
        if item.entity_id != entity.pk:
            raise ValidationError(_("La evidencia es de otra entidad."))
    report = ActionProgress(action=action, reported_by=user, percent=int(percent), note=note.strip())
    report.full_clean()
    report.save()
    if evidence:
        report.evidence.add(*evidence)
        action.evidence.add(*evidence)
    action.progress = int(percent)
    action.status = (
        ImprovementAction.Status.COMPLETED if action.progress == 100 else ImprovementAction.Status.IN_PROGRESS
    )
    action.full_clean()
    action.save()
    return report


@service
def action_verify(*, user, action: ImprovementAction, effective: bool, note: str = "") -> ImprovementAction:
    """Control interno verifies the effectiveness of an executed action; not effective sends it back."""
    if not can_verify(user, action.finding.plan.entity):
        raise PermissionDenied(_("Solo control interno verifica la eficacia de las acciones de mejora."))
    if action.status != ImprovementAction.Status.COMPLETED:
        raise ValidationError(_("Solo se verifica una acción ejecutada al 100 %."))
    if not effective and not note.strip():
        raise ValidationError(_("Escriba por qué la acción no fue eficaz."))
    action.status = (
        ImprovementAction.Status.EFFECTIVE if effective else ImprovementAction.Status.NOT_EFFECTIVE
    )
    if not effective:
        action.progress = min(action.progress, 99)
    action.verification_note = note.strip()
    action.verified_by = user
    action.verified_at = timezone.now()
    action.full_clean()
    action.save()
    record_event(
        user=user,
        obj=action,
        verb="acción verificada eficaz" if effective else "acción no eficaz",
        description=note,
    )
    return action


@service
def finding_close(*, user, finding: Finding) -> Finding:
    _require_manager(user, finding.plan.entity)
    actions = list(finding.actions.all())
    if not actions:
        raise ValidationError(_("El hallazgo no tiene acciones: no se puede cerrar."))
    if any(a.status != ImprovementAction.Status.EFFECTIVE for a in actions):
        raise ValidationError(
            _("Solo se cierra un hallazgo cuando control interno verificó eficaces todas sus acciones.")
        )
    finding.status = Finding.Status.CLOSED
    finding.closed_at = timezone.now()
    finding.closed_by = user
    finding.full_clean()
    finding.save()
    if finding.recommendation_id:
        Recommendation.objects.filter(pk=finding.recommendation_id).update(status=Recommendation.Status.DONE)
    record_event(user=user, obj=finding, verb="hallazgo cerrado")
    return finding
