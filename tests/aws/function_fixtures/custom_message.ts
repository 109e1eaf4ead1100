import { defineAuth, defineFunction } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true, phone: true },
  triggers: {
    customMessage: defineFunction({
      name: 'custom-message',
      environment: { APP_NAME: 'Sandbox' },
      memoryMB: 256,
      runtime: 20,
      architecture: 'arm64',
    }),
  },
});
