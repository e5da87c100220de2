"""Pages of Control interno: thin views that check permission, call a selector or a service, render."""
