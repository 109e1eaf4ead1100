"""The hosted UI and OAuth 2.0 endpoints of the local emulator, enough for Amplify JS's
`signInWithRedirect` and the Authenticator's social buttons.

Served on the emulator's port over HTTPS (see `local.https`; Amplify JS builds
`https://<oauth.domain>/...` URLs), behind the emulator's access rules (loopback `Host`, allowed
origins). A request names its user pool by its app client (`client_id`), or by its access token.

- `routes`: the WSGI middleware that sends each path to its endpoint;
- `clients`: an app client's OAuth settings (callback/logout URLs, flows, scopes, providers);
- `authorize`: `/oauth2/authorize` (and `/login` with the same parameters) checked as Cognito
  checks it, and the authorize requests waiting for a sign-in;
- `signin`: the local sign-in page of the user pool (username and password);
- `federation`: the stand-in page of each external provider and the federated users it makes;
- `sessions`: the browser's signed-in session with a user pool (cookie; `prompt`, `/logout`);
- `grants`: authorization codes (single use, five minutes, PKCE) and the tokens they give;
- `token`, `userinfo`, `logout`: `/oauth2/token`, `/oauth2/userInfo`, `/logout`;
- `expiring`: the in-memory store (random keys, expiry) behind requests, codes and sessions;
- `pages`, `web`: the HTML pages and the small request/response helpers.
The JWKS (`/<pool id>/.well-known/jwks.json`) is moto's own.
"""
