"""Who may do what in Control interno (built on mipg.organizations.roles).

- planeación (second line, and the system admin) keeps the risk policy, the process map and the monitoring
  periods, edits any risk of its entity and reviews the first line's self-assessments;
- a process leader (the Person of `Process.leader` with a user account and a writing role) records and edits
  the risks and controls of its process and self-assesses them; a control's owner self-assesses that control;
- control interno (third line) reads everything of its entity, evaluates controls («presente»,
  «funcionando»), records findings and the corruption map follow-ups, and never edits others' work;
- consulta reads."""

from mipg.organizations.roles import Role, can_view, roles_over, user_has_role


def can_read(user, entity) -> bool:
    return can_view(user, entity)


def can_manage(user, entity) -> bool:
    """Second line: planeación (the risk office) and the system admin."""
    return user_has_role(user, entity, {Role.PLANNING})


def is_process_leader(user, process) -> bool:
    leader = process.leader
    return (
        leader is not None
        and leader.user_id is not None
        and leader.user_id == getattr(user, "pk", None)
        and user_has_role(user, process.entity, Role.writers())
    )


def can_edit_risks_of(user, process) -> bool:
    return can_manage(user, process.entity) or is_process_leader(user, process)


def can_self_assess(user, control) -> bool:
    """First line: the control's owner or the leader of the risk's process."""
    process = control.risk.process
    if not user_has_role(user, process.entity, Role.writers()):
        return False
    owner = control.owner
    if owner is not None and owner.user_id is not None and owner.user_id == user.pk:
        return True
    return is_process_leader(user, process)


def can_review(user, entity) -> bool:
    return can_manage(user, entity)


def is_internal_control(user, entity) -> bool:
    """Third line: only the control interno role of the entity (or over it), never anyone else."""
    return Role.INTERNAL_CONTROL in roles_over(user, entity)
