from amplify_sandbox import define_auth, define_function

# Pre token generation V2 with group overrides (access token customisation).
pre_token = define_function(
    name="pre-token-generation",
    entry="pre_token.py",
    runtime="python3.13",
    environment={"ADMIN_GROUP": "ADMINS"},
)

auth = define_auth(
    login_with={"email": True},
    groups=["ADMINS", "USERS"],
    triggers={"pre_token_generation": pre_token},
    pre_token_generation_version="V2_0",
)
