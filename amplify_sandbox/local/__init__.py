"""The embedded local emulator: moto's server plus the Cognito behaviour Amplify clients need.

Nothing here imports moto at import time; `server` applies the patches when it builds a server,
and `process` runs that server as a background process for the CLI.
"""
