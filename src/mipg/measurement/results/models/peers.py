"""Precomputed peer statistics for the dashboards: each grupo par's figures and each subject's rank."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import PublicQuerySet
from .subjects import ResultSubject

# ---------------------------------------------------------------- precomputed peer statistics (dashboards)


class PeerGroupStat(models.Model):
    """Statistics of one grupo par for one (vigencia, code): entities with a score, median and maximum.
    Written by services/peer_stats.py in the transaction of every import or restore of the vigencia."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    code = models.CharField(_("código del índice"), max_length=8)
    peer_group = models.CharField(_("grupo par"), max_length=150)
    count = models.PositiveIntegerField(_("entidades con puntaje"))
    median = models.DecimalField(_("mediana"), max_digits=4, decimal_places=1)
    maximum = models.DecimalField(_("máximo"), max_digits=4, decimal_places=1)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("estadística de grupo par")
        verbose_name_plural = _("estadísticas de grupo par")
        constraints = [
            models.UniqueConstraint(fields=["vigencia", "code", "peer_group"], name="unique_peer_group_stat"),
        ]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.code} {self.peer_group}"


class PeerRank(models.Model):
    """Position of one measured entity for one (vigencia, code) with a score: rank in its grupo par (ties
    share the rank), quintile, gap to the group's maximum and the national rank. `position` and
    `group_position` are the 1-based places in the published order (score descending, then name), so a
    ranking page is an index range scan."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    code = models.CharField(_("código del índice"), max_length=8)
    subject = models.ForeignKey(
        ResultSubject,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("entidad medida"),
        db_index=False,  # the unique constraint (subject, vigencia, code) serves lookups by subject
    )
    peer_group = models.CharField(_("grupo par"), max_length=150, blank=True)
    value = models.DecimalField(_("puntaje"), max_digits=4, decimal_places=1)
    national_rank = models.PositiveIntegerField(_("puesto nacional"))
    position = models.PositiveIntegerField(_("orden nacional"))
    group_rank = models.PositiveIntegerField(_("puesto en el grupo par"), null=True, blank=True)
    group_position = models.PositiveIntegerField(_("orden en el grupo par"), null=True, blank=True)
    quintile = models.PositiveSmallIntegerField(_("quintil"), null=True, blank=True)
    gap = models.DecimalField(_("brecha al máximo"), max_digits=4, decimal_places=1, null=True, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("puesto en el grupo par")
        verbose_name_plural = _("puestos en el grupo par")
        constraints = [
            models.UniqueConstraint(fields=["subject", "vigencia", "code"], name="unique_peer_rank"),
        ]
        indexes = [
            # Covering index of the ranking pages (every column read is a key column: SQLite and
            # PostgreSQL both answer a page with an index-only range scan). A grupo par's ranking scans the
            # vigencia's IDI rows of this index (5,400 at national scale, timed by `make bench`): a second
            # index for it made every import's statistics a third slower.
            models.Index(
                fields=["vigencia", "code", "position", "subject", "value", "national_rank"],
                name="peer_rank_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.code} {self.subject_id} #{self.national_rank}"
