import { defineAuth } from '@aws-amplify/backend';

/**
 * Passwordless sign-in: a one-time code by email, and passkeys.
 * @see https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/
 */
export const auth = defineAuth({
  loginWith: {
    email: { otpLogin: true },
    webAuthn: true,
  },
  passwordlessOptions: { preferredChallenge: 'EMAIL_OTP' },
});
