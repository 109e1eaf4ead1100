import type { PreSignUpTriggerHandler } from 'aws-lambda';
import { env } from '$amplify/env/pre-sign-up';

export const handler: PreSignUpTriggerHandler = async (event) => {
  const email = event.request.userAttributes['email'] ?? '';
  const domain = email.split('@')[1] ?? '';
  if (domain === env.BLOCKED_DOMAIN) {
    throw new Error(`Sign-ups from ${domain} are not allowed`);
  }
  if (domain === env.AUTO_CONFIRM_DOMAIN) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
