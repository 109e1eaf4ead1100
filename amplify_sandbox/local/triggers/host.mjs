// Warm Node host for one function (amplify-sandbox's local emulator). Reads newline-delimited
// JSON requests on stdin ({id, file, handler, event, context}), loads the bundle once, calls the
// handler and writes newline-delimited JSON to the reply fd: {log, level} for console output,
// {started: id} when the handler is called, then {id, ok, result} or
// {id, ok: false, errorType, errorMessage}.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const replyFd = Number(process.env.AMPLIFY_SANDBOX_REPLY_FD);
delete process.env.AMPLIFY_SANDBOX_REPLY_FD;
const send = (message) => writeSync(replyFd, JSON.stringify(message) + '\n');
let requestId = '';
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => send({ log: format(...args), level, requestId });
}

const modules = new Map();
const load = async (file) => {
  if (!modules.has(file)) modules.set(file, await import(pathToFileURL(file).href));
  return modules.get(file);
};

const describe = (error) => {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  if (typeof error === 'string') return { errorType: 'string', errorMessage: error };
  return { errorType: typeof error, errorMessage: JSON.stringify(error) ?? String(error) };
};

const invoke = async (request) => {
  let mod;
  try {
    mod = await load(request.file);
  } catch (error) {
    const type = error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    return { errorType: type, errorMessage: `${describe(error).errorType}: ${describe(error).errorMessage}` };
  }
  const handler = mod[request.handler] ?? mod.default?.[request.handler];
  if (typeof handler !== 'function') {
    return { errorType: 'Runtime.HandlerNotFound', errorMessage: `index.${request.handler} is undefined or not exported` };
  }
  // The handler's own time starts now (loading the module is Lambda's init phase).
  send({ started: request.id });
  const deadline = Date.now() + request.context.timeoutMs;
  return await new Promise((resolve) => {
    let settled = false;
    const done = (error, result) => {
      if (settled) return;
      settled = true;
      resolve(error != null ? describe(error) : { result: result === undefined ? null : result });
    };
    const context = {
      ...request.context.fields,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      succeed: (result) => done(null, result),
      fail: (error) => done(error ?? new Error('handled')),
      done: (error, result) => done(error, result),
    };
    try {
      const returned = handler(request.event, context, done);
      if (returned && typeof returned.then === 'function') returned.then((r) => done(null, r), (e) => done(e ?? new Error('rejected')));
      else if (handler.length < 3) done(null, returned);
    } catch (error) {
      done(error);
    }
  });
};

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  requestId = request.context.fields.awsRequestId;
  const outcome = await invoke(request);
  send({ id: request.id, ok: !('errorType' in outcome), ...outcome });
}
