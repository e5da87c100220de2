"""Administration pages for entity administrators (issue 10), one module per concept: the entity tree
and dependencias, people, accounts and role grants, invitations, bulk onboarding. Thin: each view checks
the permission, calls a selector or a service and renders."""
