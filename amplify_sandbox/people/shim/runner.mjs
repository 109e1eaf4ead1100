// Runs amplify/seed/seed.ts as `ampx sandbox seed` does (tsx's tsImport, in its own Node
// process), with `@aws-amplify/seed` resolved to ./seed.mjs (see hooks.mjs).
import { register } from "node:module";
import { pathToFileURL } from "node:url";

register(new URL("./hooks.mjs", import.meta.url));
const { tsImport } = await import(process.env.AMPLIFY_SANDBOX_TSX_API);
try {
  await tsImport(pathToFileURL(process.argv[2]).href, import.meta.url);
} catch (error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`seed script failed: ${text}`);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exitCode = 1;
}
