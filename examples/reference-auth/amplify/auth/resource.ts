import { referenceAuth } from '@aws-amplify/backend';

/**
 * Use the team's existing Cognito resources instead of creating new ones.
 * The ids come from the environment so the same file works for every developer:
 *   export SHARED_USER_POOL_ID=us-east-1_AbC123 ... (see README.md)
 */
const env = process.env;

export const auth = referenceAuth({
  userPoolId: env.SHARED_USER_POOL_ID ?? '',
  identityPoolId: env.SHARED_IDENTITY_POOL_ID ?? '',
  authRoleArn: env.SHARED_AUTH_ROLE_ARN ?? '',
  unauthRoleArn: env.SHARED_UNAUTH_ROLE_ARN ?? '',
  userPoolClientId: env.SHARED_USER_POOL_CLIENT_ID ?? '',
  groups: {
    ADMINS: env.SHARED_ADMINS_ROLE_ARN ?? '',
  },
});
