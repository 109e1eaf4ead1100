// A stand-in for `@aws-amplify/seed` (same functions, same arguments): each call goes to the
// `sandbox seed` process that started this script (a localhost bridge, one token per run), which
// does it on the sandbox's user pool and secret store, on AWS or the local emulator.
const BRIDGE = process.env.AMPLIFY_SANDBOX_SEED_BRIDGE;
const TOKEN = process.env.AMPLIFY_SANDBOX_SEED_TOKEN;

async function call(operation, body) {
  if (!BRIDGE) throw new Error("@aws-amplify/seed (sandbox): run this script with `sandbox seed`");
  const response = await fetch(`${BRIDGE}/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-amplify-sandbox-seed": TOKEN },
    body: JSON.stringify(body ?? {}),
  });
  const document = await response.json();
  if (document.error) {
    const error = new Error(document.error.message);
    error.name = document.error.name;
    throw error;
  }
  return document.result;
}

const userOf = (user) => (typeof user === "string" ? user : user?.username);

export const createAndSignUpUser = (props) => call("createAndSignUpUser", props);
export const signInUser = (props) => call("signInUser", props);
export const addToUserGroup = (user, group) =>
  call("addToUserGroup", { username: userOf(user), group });
export const removeFromUserGroup = (user, group) =>
  call("removeFromUserGroup", { username: userOf(user), group });
export const getSecret = (name) => call("getSecret", { name });
export const setSecret = (name, value) => call("setSecret", { name, value });
