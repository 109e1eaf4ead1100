"""Lambda functions defined with Amplify's `defineFunction`: their typed spec, bundling, the
generated `$amplify/env/<name>` module and the IAM / Cognito wiring for `triggers` and `access`."""
