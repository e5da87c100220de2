"""Gestor MIPG."""
