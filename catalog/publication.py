"""The one rule for publication: only a user with ``catalog.publish_film`` moves a film into or out of “published”,
or schedules it to move (``go_live_at``, ``unpublish_at``, carried out by ``manage.py publish_scheduled``).

Forms and actions check it to give a friendly answer, but it is enforced here, where a film's row is
written, so no admin page (a change form, an action, a history restore, recovering a deleted film, or a
page added later) can get round it. Every request runs with its user as the *acting user*; code outside
a request (loaders, commands, the shell) acts for nobody and is not held to the rule.

A film is compared with its row as it was when the request first touched it, not as it is when saved:
django-reversion writes an old version back before the change form runs, so the row a restore saves
over is already the old one.

History restores and recovery save rows *raw*. For a user who may not publish they bring back the
film's content and keep its publication as it is now (a recovered film comes back as a draft): an
Editor can still undo a bad edit, and publishing stays a Publisher's decision. Any other write that
would change publication is refused.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from . import derived
from .models import Film, FilmStatus

PUBLISH_PERMISSION = "catalog.publish_film"
REFUSAL = "Only Publishers can publish or unpublish a film."
SCHEDULE_REFUSAL = "Only Publishers can schedule a film’s publication."
# A film's publication: what only a Publisher changes, and what a restore by anyone else keeps.
PUBLICATION_FIELDS = ("status", "published_at", "go_live_at", "unpublish_at")
SCHEDULE_FIELDS = ("go_live_at", "unpublish_at")
# What a film recovered by someone who may not publish comes back as.
UNPUBLISHED = {"status": FilmStatus.DRAFT, "published_at": None, "go_live_at": None, "unpublish_at": None}


class PublicationDenied(PermissionDenied):
    pass


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


class _ActingUser:
    def __init__(self, user):
        self.user = user
        self._before = {}

    @property
    def may_publish(self):
        return may_publish(self.user)

    def publication_before(self, film_id, using):
        """The film's publication (``PUBLICATION_FIELDS``) when this request first touched it; None for a new film."""
        if film_id is None:
            return None
        key = (using, str(film_id))
        if key not in self._before:
            self._before[key] = Film._base_manager.using(using).filter(pk=film_id).values(*PUBLICATION_FIELDS).first()
        return self._before[key]


_acting = ContextVar("catalog_publication_acting_user", default=None)


@contextmanager
def acting_as(user):
    """Hold every film saved or deleted inside the block to ``user``'s right to publish."""
    token = _acting.set(_ActingUser(user))
    try:
        yield
    finally:
        _acting.reset(token)


class PublicationRuleMiddleware:
    """Every request acts as its user (anonymous visitors included, who may publish nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.user stays lazy: only a request that saves a film looks the user up.
        with acting_as(request.user):
            return self.get_response(request)


def kept_publication(film_id, using=DEFAULT_DB_ALIAS):
    """What a restore of this film keeps (a dict of ``PUBLICATION_FIELDS``), or None when it may change it.

    Restore and recover pages call it before reverting, so the form they show already carries what
    the save will keep.
    """
    acting = _acting.get()
    if acting is None or acting.may_publish:
        return None
    return acting.publication_before(film_id, using) or UNPUBLISHED


def _is_published(publication):
    return publication is not None and publication["status"] == FilmStatus.PUBLISHED


def _schedule(publication):
    return tuple(publication[name] for name in SCHEDULE_FIELDS) if publication else (None, None)


@receiver(pre_save, sender=Film, dispatch_uid="catalog-publication-rule-save")
def _hold_publication(sender, instance, raw, using, **kwargs):
    acting = _acting.get()
    if acting is None:
        return
    before = acting.publication_before(instance.pk, using)
    after = {name: getattr(instance, name) for name in PUBLICATION_FIELDS}
    publishes = _is_published(before) != _is_published(after)
    schedules = _schedule(before) != _schedule(after)
    if (publishes or schedules) and not acting.may_publish:
        if not raw:
            raise PublicationDenied(REFUSAL if publishes else SCHEDULE_REFUSAL)
        for name, value in (before or UNPUBLISHED).items():
            setattr(instance, name, value)
        schedules = False
    if acting.user.is_authenticated:
        _stamp(instance, acting.user, before, schedules)


def _stamp(instance, user, before, schedules):
    """Record who moved the film between draft, review and published, and who set its schedule."""
    if before is None or before["status"] != instance.status:
        instance.status_changed_by = user
        instance.status_changed_at = timezone.now()
    if schedules:
        instance.scheduled_by = user if instance.go_live_at or instance.unpublish_at else None


@receiver(pre_delete, sender=Film, dispatch_uid="catalog-publication-rule-delete")
def _hold_publication_on_delete(sender, instance, using, **kwargs):
    acting = _acting.get()
    if acting is not None and not acting.may_publish and _is_published(acting.publication_before(instance.pk, using)):
        raise PublicationDenied(REFUSAL)


@dataclass
class ScheduleRun:
    changed: list = field(default_factory=list)
    held: list = field(default_factory=list)  # due to go live, but a picture lacks its licence or credit


def carry_out_schedule(now, using=DEFAULT_DB_ALIAS):
    """Publish and unpublish every film whose scheduled time is ``now`` or earlier (a ``ScheduleRun``).

    Each film changes in a transaction of its own, with a revision by the Publisher who scheduled it and a
    comment saying it was scheduled, and its schedule is cleared as it is carried out: running it again
    changes nothing, and two runs at once change each film once (its row is locked and read again).
    """
    due = Q(go_live_at__lte=now) | Q(unpublish_at__lte=now)
    run = ScheduleRun()
    for film_id in Film.objects.using(using).filter(due).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic(using=using), derived.batch(), reversion.create_revision(using=using):
            film = Film.objects.using(using).select_for_update().filter(due, pk=film_id).first()
            if film is None:
                continue
            if _held_back(film, now):
                run.held.append(film)
                continue
            done = _carry_out(film, now)
            film.status_changed_by, film.status_changed_at = film.scheduled_by, now
            film.save(using=using)
            message = f"{done} as scheduled by {film.scheduled_by or 'a Publisher'} (manage.py publish_scheduled)."
            reversion.set_user(film.scheduled_by)
            reversion.set_comment(message)
            if film.scheduled_by is not None:
                LogEntry.objects.db_manager(using).log_actions(
                    film.scheduled_by.pk, [film], CHANGE, change_message=message, single_object=True
                )
            run.changed.append(film)
    return run


def _held_back(film, now):
    """A film due to go live whose pictures lack their rights stays as it is, and is tried again next run."""
    going_live = film.go_live_at is not None and film.go_live_at <= now and not film.is_published
    return going_live and bool(film.pictures_without_rights())


def _carry_out(film, now):
    """Apply the film's due schedule to it; what was done, as the history says it."""
    done = []
    if film.go_live_at is not None and film.go_live_at <= now:
        film.go_live_at = None
        if film.status != FilmStatus.PUBLISHED:
            film.status = FilmStatus.PUBLISHED
            done.append("Published")
    if film.unpublish_at is not None and film.unpublish_at <= now:
        film.unpublish_at = None
        if film.status == FilmStatus.PUBLISHED:
            film.status = FilmStatus.DRAFT
            done.append("Unpublished")
    return " and ".join(done) or "Schedule cleared"
