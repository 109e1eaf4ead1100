import { defineFunction } from '@aws-amplify/backend';

export const preSignUp = defineFunction({
  name: 'pre-sign-up',
  environment: { AUTO_CONFIRM_DOMAIN: 'auto.example.com', BLOCKED_DOMAIN: 'blocked.example.com' },
});
