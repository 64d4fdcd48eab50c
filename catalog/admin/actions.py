"""Bulk changes to the films selected on the changelist, each confirmed on a page of its own before it is made.

Each change is declared once (``CHANGES``) and becomes one admin action. They share the confirmation page,
the check made when the confirmation arrives (the films must still be as the page showed them), and the
history they leave: one revision and one log entry per film, as if each film had been saved on its own.
"""

from collections import Counter
from dataclasses import dataclass

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from ..models import Film, FilmStatus, Genre
from .guards import GuardedModelChoiceField, is_key

TEMPLATE = "admin/catalog/film/action_confirmation.html"
# The confirmation form posts the films it changes as the selection (``_selected_action``) and those it
# leaves alone under this name, so that the check and the final message can name both.
SKIPPED = "_skipped"


class NoQuestionForm(forms.Form):
    """A change of status asks nothing but a “yes”."""


def genre_form(purpose):
    """The confirmation form of a change of genre: which genre to ``purpose`` (“add” or “remove”)."""

    class GenreForm(forms.Form):
        genre = GuardedModelChoiceField(
            queryset=Genre.objects.all(),
            label=f"Genre to {purpose}",
            empty_label="Choose a genre",
            error_messages={
                "required": f"Choose the genre to {purpose}.",
                "invalid_choice": "That genre does not exist (any more): choose one from the list.",
            },
        )

    return GenreForm


@dataclass(frozen=True)
class StatusChange:
    """Moves films to ``target``; a film whose status is a key of ``skips`` is left as it is, for that reason."""

    name: str
    description: str  # in the changelist's list of actions
    title: str  # of the confirmation page
    target: FilmStatus
    skips: dict
    done: str  # "3 films <done>"
    permission: str = "change"  # or "publish", for what only Publishers do

    form_class = NoQuestionForm

    @property
    def lead(self):
        return f"These films will be {self.done}:"

    def skip_reason(self, film, choice):
        reason = self.skips.get(film.status)
        if reason is None and self.target == FilmStatus.PUBLISHED and film.pictures_without_rights():
            reason = "a picture has no licence or credit yet"
        return reason

    def apply(self, film, choice):
        """Change the film; what its history says of the change."""
        film.status = self.target
        film.save()
        return f"{capfirst(self.done)} (bulk action)."

    def done_with(self, choice):
        return self.done


@dataclass(frozen=True)
class GenreChange:
    """Adds a genre to films, or removes it; which films already have it is known once the genre is chosen."""

    name: str
    description: str
    title: str
    adds: bool
    permission: str = "change"

    @property
    def form_class(self):
        return genre_form("add" if self.adds else "remove")

    @property
    def lead(self):
        if self.adds:
            return "The genre you choose will be added to these films (those already in it are left as they are):"
        return "The genre you choose will be removed from these films (those not in it are left as they are):"

    def skip_reason(self, film, choice):
        if not choice:  # before the genre is chosen, any film may take or lose one
            return None
        has_it = choice["genre"] in film.genres.all()
        if has_it == self.adds:
            return f"already in {choice['genre']}" if self.adds else f"not in {choice['genre']}"
        return None

    def apply(self, film, choice):
        """Change the film; what its history says of the change."""
        genre = choice["genre"]
        if self.adds:
            film.genres.add(genre)
        else:
            film.genres.remove(genre)
        # Saving after the change bumps lock_version, so that a change form opened before this refuses to save
        # its older genres over these, and django-reversion records the film with its new genres (it copies a
        # film at each save and each change of its genres: the last copy is the revision's).
        film.save()
        return f"Genre {genre} {'added' if self.adds else 'removed'} (bulk action)."

    def done_with(self, choice):
        return f"{'added to' if self.adds else 'removed from'} {choice['genre']}"


CHANGES = [
    GenreChange("add_genre", "Add a genre to selected films", "Add a genre to films", adds=True),
    GenreChange("remove_genre", "Remove a genre from selected films", "Remove a genre from films", adds=False),
    StatusChange(
        "submit_for_review",
        "Submit selected films for review",
        "Submit films for review",
        target=FilmStatus.REVIEW,
        skips={FilmStatus.REVIEW: "already in review", FilmStatus.PUBLISHED: "already published"},
        done="submitted for review",
    ),
    StatusChange(
        "return_to_draft",
        "Return selected films to draft (from review)",
        "Return films to draft",
        target=FilmStatus.DRAFT,
        skips={FilmStatus.DRAFT: "already a draft", FilmStatus.PUBLISHED: "published: unpublish it instead"},
        done="returned to draft",
        permission="publish",
    ),
    StatusChange(
        "publish",
        "Publish selected films",
        "Publish films",
        target=FilmStatus.PUBLISHED,
        skips={FilmStatus.PUBLISHED: "already published"},
        done="published",
        permission="publish",
    ),
    StatusChange(
        "unpublish",
        "Unpublish selected films (back to draft)",
        "Unpublish films",
        target=FilmStatus.DRAFT,
        skips={FilmStatus.DRAFT: "not published", FilmStatus.REVIEW: "not published"},
        done="unpublished",
        permission="publish",
    ),
]


@dataclass
class Plan:
    """What a change would do to some films: those it changes, and those it skips with the reason why."""

    to_change: list
    skipped: list  # (film, reason)

    @classmethod
    def of(cls, change, films, choice=None):
        plan = cls([], [])
        for film in films:
            reason = change.skip_reason(film, choice)
            if reason:
                plan.skipped.append((film, reason))
            else:
                plan.to_change.append(film)
        return plan


def action_for(change):
    """The admin action that confirms and then makes ``change``."""

    @admin.action(description=change.description, permissions=[change.permission])
    def action(model_admin, request, queryset):
        return confirm_then_change(change, model_admin, request, queryset)

    action.__name__ = change.name  # Django names an action by its function
    return action


ACTIONS = [action_for(change) for change in CHANGES]


def confirm_then_change(change, model_admin, request, queryset):
    """Show the confirmation page; make the change only when it is confirmed and the films are as it showed."""
    # "Select all" stands for the changelist's filtered films. The confirmation page names each film instead
    # (a confirmation of "everything" would confirm films the editor never saw), and only those are changed.
    select_across = request.POST.get("select_across") == "1"
    confirmed = request.POST.get("post") == "yes" and not select_across
    listed = set() if select_across else _keys(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
    left_alone = _keys(request.POST.getlist(SKIPPED)) - listed
    form = change.form_class(request.POST if confirmed else None)
    with transaction.atomic():
        # Locked (on PostgreSQL) so that no film changes between the check and the change. Films named by
        # id are read by id: one that no longer matches the changelist's filters is still the one confirmed.
        chosen = queryset.values("pk") if select_across else listed
        films = _films(Q(pk__in=chosen) | Q(pk__in=left_alone), locked=confirmed)
        # Before the genre is chosen, as the page shows it: what the confirmation is checked against.
        plan = Plan.of(change, films)
        gone = len((listed | left_alone) - {film.pk for film in films})
        moved = _moved(plan, left_alone) if confirmed else []
        if confirmed and not (gone or moved) and form.is_valid():
            return _change(change, model_admin, request, plan, form.cleaned_data)
    if gone:
        messages.warning(request, f"{gone} of the selected films no longer {'exists' if gone == 1 else 'exist'}.")
    if moved:
        messages.warning(
            request, " ".join(moved) + " Nothing has been changed yet: check the list below and confirm again."
        )
    return TemplateResponse(request, TEMPLATE, _context(change, model_admin, request, plan, form))


def _keys(values):
    """The film ids among ``values`` (posted, so possibly anything)."""
    return {Film._meta.pk.to_python(value) for value in values if is_key(Film, value)}


def _films(condition, locked):
    # The pictures too: publishing asks each film whether they have their rights (Film.pictures_without_rights).
    films = Film.objects.filter(condition).prefetch_related("genres", "poster", "backdrop", "stills__image")
    return list(films.select_for_update() if locked else films)


def _moved(plan, left_alone):
    """What differs from what the confirmation page showed (``left_alone`` the films it skipped)."""
    notes = [f"“{film}” is now left as it is: {reason}." for film, reason in plan.skipped if film.pk not in left_alone]
    notes += [f"“{film}” can now be changed too." for film in plan.to_change if film.pk in left_alone]
    return notes


def _change(change, model_admin, request, confirmed, choice):
    # Now that the genre is chosen, the films that already have it (or lack it) are known and skipped.
    plan = Plan.of(change, confirmed.to_change, choice)
    skipped = confirmed.skipped + plan.skipped
    for film in plan.to_change:
        # A revision per film, as saving its change form makes. (FilmAdmin opens no revision around the list
        # page: this one would join it.)
        with reversion.create_revision():
            message = change.apply(film, choice)
            reversion.set_user(request.user)
            reversion.set_comment(message)
            model_admin.log_change(request, film, message)
    done = f"{_count(len(plan.to_change))} {change.done_with(choice)}"
    level = messages.SUCCESS if plan.to_change else messages.WARNING
    messages.add_message(request, level, done + _skipped_summary(skipped) + ".")
    return None  # Django goes back to the changelist


def _skipped_summary(skipped):
    """“; 1 skipped: already published”, or “; 3 skipped: 2 already in review, 1 already published”."""
    if not skipped:
        return ""
    reasons = Counter(reason for _, reason in skipped)
    if len(reasons) == 1:
        return f"; {len(skipped)} skipped: {next(iter(reasons))}"
    return f"; {len(skipped)} skipped: " + ", ".join(f"{n} {reason}" for reason, n in reasons.items())


def _count(n):
    return f"{n} film" if n == 1 else f"{n} films"


def _context(change, model_admin, request, plan, form):
    return {
        **model_admin.admin_site.each_context(request),
        "title": change.title,
        "opts": Film._meta,
        "change": change,
        "plan": plan,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "skipped_name": SKIPPED,
        # The changelist as it was, filters and all: the page posts back to it and "take me back" returns there.
        "changelist_url": request.get_full_path(),
    }
