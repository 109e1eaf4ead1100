import { defineFunction } from '@aws-amplify/backend';

export const preTokenGeneration = defineFunction({
  name: 'pre-token-generation',
  environment: { CLAIM_VALUE: 'sandbox' },
});
