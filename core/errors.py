"""The one way a service refuses: `ServiceError`, with the sentence the person sees."""


class ServiceError(Exception):
    """A change a service refuses. `message` is the sentence to show the person who asked;
    `field` names the form field it belongs to, or is None when it concerns the whole
    request. Views show it with `core.forms.add_service_error`, or as a message where there
    is no form."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
