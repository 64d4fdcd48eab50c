"""The one rule for publication: only a user with ``catalog.publish_film`` moves a film into or out of “published”.

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

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import Film, FilmStatus

PUBLISH_PERMISSION = "catalog.publish_film"
REFUSAL = "Only Publishers can publish or unpublish a film."
# What a film recovered by someone who may not publish comes back as.
UNPUBLISHED = (FilmStatus.DRAFT, None)


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
        """The film's ``(status, published_at)`` when this request first touched it; None for a new film."""
        if film_id is None:
            return None
        key = (using, str(film_id))
        if key not in self._before:
            rows = Film._base_manager.using(using).filter(pk=film_id)
            self._before[key] = rows.values_list("status", "published_at").first()
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
    """What a restore of this film keeps, ``(status, published_at)``, or None when it may change publication.

    Restore and recover pages call it before reverting, so the form they show already carries what
    the save will keep.
    """
    acting = _acting.get()
    if acting is None or acting.may_publish:
        return None
    return acting.publication_before(film_id, using) or UNPUBLISHED


def _is_published(publication):
    return publication is not None and publication[0] == FilmStatus.PUBLISHED


@receiver(pre_save, sender=Film, dispatch_uid="catalog-publication-rule-save")
def _hold_publication(sender, instance, raw, using, **kwargs):
    acting = _acting.get()
    if acting is None or acting.may_publish:
        return
    before = acting.publication_before(instance.pk, using)
    if _is_published(before) == (instance.status == FilmStatus.PUBLISHED):
        return
    if raw:
        instance.status, instance.published_at = before or UNPUBLISHED
        return
    raise PublicationDenied(REFUSAL)


@receiver(pre_delete, sender=Film, dispatch_uid="catalog-publication-rule-delete")
def _hold_publication_on_delete(sender, instance, using, **kwargs):
    acting = _acting.get()
    if acting is not None and not acting.may_publish and _is_published(acting.publication_before(instance.pk, using)):
        raise PublicationDenied(REFUSAL)
