"""The people of a sandbox: its deployed user pool, the passwords typed for users, and seeding
(`amplify/seed/seed.ts` as `ampx sandbox seed` runs it, or a declarative `amplify/seed.json`)."""
