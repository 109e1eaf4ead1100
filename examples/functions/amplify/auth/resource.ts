import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';
import { preSignUp } from './pre-sign-up/resource';
import { preTokenGeneration } from './pre-token-generation/resource';

export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['EVERYONE'],
  triggers: { postConfirmation, preSignUp, preTokenGeneration },
  access: (allow) => [allow.resource(postConfirmation).to(['addUserToGroup'])],
});
