from amplify_sandbox.entry import main

main()
