"""Settings of Gestor MIPG (`DJANGO_SETTINGS_MODULE=mipg.settings`), in three parts read in this order:
`base` (Django, database, files, API, audit), `people` (inbox, accounts, sign-in, administration) and
`platform` (security headers, PDFs, several machines, identity, background jobs). Each part imports the
one before it, so a later part may extend the lists and dictionaries of an earlier one."""

from .platform import *
