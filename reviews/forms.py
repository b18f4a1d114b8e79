"""Forms for writing a review, its follow-up, reporting one, and sending feedback."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AbuseReason, FeedbackCategory
from .validators import validate_photo

STARS = [(n, str(n)) for n in range(5, 0, -1)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.ImageField):
    """Take several pictures at once; each is checked by Pillow and for size."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("validators", [validate_photo])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(file, initial) for file in files]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    body = forms.CharField(
        label=_("Your review"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 6 pictures (JPEG, PNG, WebP or GIF)."),
    )

    def __init__(self, *args, existing_photos: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing_photos = existing_photos

    def clean_photos(self) -> list:
        photos = self.cleaned_data.get("photos") or []
        if self.existing_photos + len(photos) > settings.REVIEW_MAX_PHOTOS:
            raise ValidationError(
                _("A review can have at most %(count)d photos."),
                code="too_many_photos",
                params={"count": settings.REVIEW_MAX_PHOTOS},
            )
        return photos


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How is it after some use? You can add one follow-up."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=AbuseReason.choices)
    note = forms.CharField(label=_("Details"), max_length=500, required=False)


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(label=_("Subject"), choices=FeedbackCategory.choices)
    message = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        max_length=200,
        required=False,
        help_text=_("An e-mail address or phone number if you would like an answer."),
    )
