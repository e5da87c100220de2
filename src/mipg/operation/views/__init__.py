"""Thin views of Operación: check permission, call a selector or a service, render."""
