import { defineAuth, defineFunction } from '@aws-amplify/backend';

// The custom-auth challenge trio (passwordless OTP by email), as real projects write it.
export const defineAuthChallenge = defineFunction({ name: 'define-auth-challenge' });
export const createAuthChallenge = defineFunction({
  name: 'create-auth-challenge',
  environment: { CODE_LENGTH: '6' },
});
export const verifyAuthChallengeResponse = defineFunction({ name: 'verify-auth-challenge' });

export const auth = defineAuth({
  loginWith: { email: true },
  triggers: { defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse },
});
