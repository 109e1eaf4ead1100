from amplify_sandbox.cli.main import main

main()
