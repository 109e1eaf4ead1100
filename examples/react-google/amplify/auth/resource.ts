import { defineAuth, secret } from '@aws-amplify/backend';

/**
 * Email sign-in plus "Sign in with Google".
 * Set the two secrets first (with `--local`, e.g. `sandbox secret set GOOGLE_CLIENT_ID --local`,
 * or SANDBOX_SECRET_GOOGLE_CLIENT_ID / SANDBOX_SECRET_GOOGLE_CLIENT_SECRET in the environment).
 * Against the local emulator no Google account is used: its stand-in page signs you in as a
 * test identity. The URLs are where `npm run dev` serves the app.
 * @see https://docs.amplify.aws/react/build-a-backend/auth/concepts/external-identity-providers/
 */
export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: {
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('GOOGLE_CLIENT_SECRET'),
        scopes: ['email', 'profile', 'openid'],
        attributeMapping: { email: 'email', fullname: 'name' },
      },
      callbackUrls: ['http://localhost:5173/'],
      logoutUrls: ['http://localhost:5173/'],
    },
  },
});
