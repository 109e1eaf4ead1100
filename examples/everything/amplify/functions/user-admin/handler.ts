// Referenced by resource.ts; amplify-sandbox does not deploy functions yet.
export const handler = async (event: unknown) => event;
