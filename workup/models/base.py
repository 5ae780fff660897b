"""What every workup section shares: its workup, a version for lost-update detection, who last
changed it, and refusal to change once the workup is signed."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class SignedWorkupError(Exception):
    """A signed workup is frozen: its sections cannot be changed or removed."""


def choices(codes, labels=None):
    labels = labels or {}
    return [(code, labels.get(code, code.replace("_", " "))) for code in codes]


def bounded(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


def in_range(field, low, high):
    """A check constraint keeping a nullable number inside its range."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"%(app_label)s_%(class)s_{field}_range",
    )


def one_of(field, codes, *, optional=True):
    """A check constraint keeping a code field inside its vocabulary ("" = not recorded)."""
    allowed = Q(**{f"{field}__in": [*codes, ""] if optional else list(codes)})
    return models.CheckConstraint(condition=allowed, name=f"%(app_label)s_%(class)s_{field}_valid")


class FrozenWhenSigned(models.Model):
    """Refuses saves and deletes once the owning workup is signed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.owning_workup().is_signed:
            raise SignedWorkupError("This workup is signed: its data cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.owning_workup().is_signed:
            raise SignedWorkupError("This workup is signed: its data cannot be removed.")
        return super().delete(*args, **kwargs)

    def owning_workup(self):
        raise NotImplementedError


class Section(FrozenWhenSigned):
    """One section of a workup (OneToOne). Its absence means "not assessed"."""

    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def owning_workup(self):
        return self.workup


class SectionRow(FrozenWhenSigned):
    """A row of a list section (a lab result, an exclusion finding, a treatment trial)."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def owning_workup(self):
        return self.section.workup
