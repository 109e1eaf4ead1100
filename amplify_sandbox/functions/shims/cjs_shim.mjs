// Injected into every bundle (as Amplify's lambda-shims/cjs_shim does): CommonJS globals for
// dependencies that expect them inside an ES module.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

globalThis.require = createRequire(import.meta.url);
globalThis.__filename = fileURLToPath(import.meta.url);
globalThis.__dirname = dirname(globalThis.__filename);
