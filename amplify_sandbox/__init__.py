"""amplify-sandbox: personal Cognito auth sandboxes from an Amplify Gen 2 auth definition."""

from amplify_sandbox.definition.api import define_auth, secret

__version__ = "0.1.0"

__all__ = ["__version__", "define_auth", "secret"]
