"""The one exception services raise when a domain rule is broken.

Views turn it into a form error or a message, the API into a 400/409 body; its text is
already translated (lazily) so every caller shows the same words."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the change; ``message`` is translated."""

    def __init__(self, message, code: str = "invalid", params=None):
        super().__init__(message, code=code, params=params)

    @property
    def text(self) -> str:
        return " ".join(str(m) for m in self.messages)


class TransitionNotAllowed(DomainError):
    def __init__(self, message, params=None):
        super().__init__(message, code="transition_not_allowed", params=params)
