from typing import Any

from django import forms

from reviewdesk.versioning import VersionedForm


class NoticeTemplateForm(VersionedForm, forms.Form):
    subject = forms.CharField(label="Subject", max_length=300)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, template: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if template is not None:
            self.add_version(template)
