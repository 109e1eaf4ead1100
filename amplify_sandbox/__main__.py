from amplify_sandbox.cli.main import entry

entry()
