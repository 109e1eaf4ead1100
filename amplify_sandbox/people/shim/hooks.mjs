// Module resolution hook: `@aws-amplify/seed` is this tool's shim (seed.mjs), whether or not the
// project has the real package (which reads the pool from a CloudFormation stack this tool
// does not create).
const SHIM = new URL("./seed.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "@aws-amplify/seed") return { url: SHIM, format: "module", shortCircuit: true };
  return nextResolve(specifier, context);
}
