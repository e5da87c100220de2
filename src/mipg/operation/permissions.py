"""Who may do what in Operación (built on mipg.organizations.roles).

- planeación (and the system admin) manages leadership, instruments, plans and indicators,
  and reviews reports;
- the activity's responsible person (through Person.user) or the leader of the activity's policy (a user with
  the policy-leader role whose Person leads that policy in that vigencia) reports progress;
- control interno reads everything of its entity and verifies evidence, never edits;
- consulta reads."""

from mipg.organizations.roles import Role, can_manage, can_view, user_has_role


def can_manage_operation(user, entity) -> bool:
    return can_manage(user, entity)


def can_read(user, entity) -> bool:
    return can_view(user, entity)


def leads_policy(user, entity, vigencia, policy_id) -> bool:
    from .models import PolicyLeadership

    if not user_has_role(user, entity, {Role.POLICY_LEADER}):
        return False
    return PolicyLeadership.objects.filter(
        entity=entity, vigencia=vigencia, policy_id=policy_id, leader__user=user
    ).exists()


def can_report(user, activity) -> bool:
    """`activity` must come with goal__plan__entity loaded."""
    plan = activity.goal.plan
    entity = plan.entity
    if can_manage(user, entity):
        return True
    if not user_has_role(user, entity, Role.writers()):
        return False
    person = activity.responsible_person
    if person is not None and person.user_id == user.pk:
        return True
    return leads_policy(user, entity, plan.vigencia, activity.policy_id)
