"""Small helpers shared by every app's views. They know no app: a review's pages start from
``reviews.pages.review_for``."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviewdesk.versioning import StaleEdit


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def form_errors_from(form: forms.Form, exc: ValidationError) -> None:
    """Show a domain rule's refusal on the form: on its field if it names one, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


Success = str | Callable[[Any], str]


def _say(request: HttpRequest, success: Success, result: Any) -> None:
    """``success`` is the message, or a function of what the action returned (to count it)."""
    messages.success(request, success(result) if callable(success) else success)


def save_form(request: HttpRequest, form: forms.Form, action: Callable[[dict], Any],
              success: Success) -> bool:
    """Run ``action`` with a valid posted form's data. True when it succeeded (a success message
    is queued); False on GET, on invalid input, or when the action refused (its reasons are then
    shown on the form and nothing has changed)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        result = action(form.cleaned_data)
    except StaleEdit as exc:
        # Someone else saved first: their version beside this person's kept input (decision
        # 0023). The form takes the new version, so saving again after checking is accepted.
        if hasattr(form, "show_theirs"):
            form.show_theirs(exc)
        form.add_error(None, exc.message)
        return False
    except ValidationError as exc:
        form_errors_from(form, exc)
        return False
    _say(request, success, result)
    return True


def run_action(request: HttpRequest, action: Callable[[], Any], success: Success) -> bool:
    """For a button with no form: run the action, then say it worked or why it was refused."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    _say(request, success, result)
    return True


def form_page(request: HttpRequest, form: forms.Form, *, heading: str, button: str,
              back_url: str, back_text: str, caption: str = "", intro: str = "",
              warning: bool = False, template: str = "form_page.html",
              context: dict[str, Any] | None = None) -> HttpResponse:
    """One form on its own GOV.UK page. Apps with more to show extend form_page.html (blocks
    ``before_form`` and ``after_form``) and pass their template and context."""
    title = f"{heading} – {caption}" if caption else heading
    return render(request, template, {
        "title": title, "heading": heading, "caption": caption, "form": form, "intro": intro,
        "button": button, "warning": warning, "back_url": back_url, "back_text": back_text,
        **(context or {}),
    })
