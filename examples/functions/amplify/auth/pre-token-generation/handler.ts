import type { PreTokenGenerationTriggerHandler } from 'aws-lambda';
import { env } from '$amplify/env/pre-token-generation';

export const handler: PreTokenGenerationTriggerHandler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tier: env.CLAIM_VALUE },
    },
  };
  return event;
};
