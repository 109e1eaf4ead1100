import { defineAuth, defineFunction, secret } from '@aws-amplify/backend';

export const userMigration = defineFunction({
  name: 'user-migration',
  environment: { LEGACY_URL: 'https://legacy.example.com', LEGACY_TOKEN: secret('LEGACY_TOKEN') },
  timeoutSeconds: 5,
});

export const auth = defineAuth({
  loginWith: { email: true },
  triggers: { userMigration },
  access: (allow) => [allow.resource(userMigration).to(['manageUsers'])],
});
