"""The faults of the hosted UI and of the OAuth endpoints: one shape, each shown its own way."""

from __future__ import annotations


class Refused(Exception):
    """A sign-in refused on a page: `message` is shown on the page again."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OAuthError(Exception):
    """An OAuth 2.0 fault: `error` (RFC 6749's code) and a description for people."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description

    @property
    def message(self) -> str:
        return self.description


class PageError(OAuthError):
    """A fault shown as the hosted UI's error page (Cognito: `/error?error=...`)."""


class RedirectError(OAuthError):
    """A fault sent back to the app's checked redirect URI."""

    def __init__(self, redirect_uri: str, error: str, description: str, state: str | None):
        super().__init__(error, description)
        self.redirect_uri = redirect_uri
        self.state = state


class GrantError(OAuthError):
    """A token request refused with OAuth's `error` (and a description)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(error, description)
        self.status = status
