from amplify_sandbox.cli.app import main

main()
