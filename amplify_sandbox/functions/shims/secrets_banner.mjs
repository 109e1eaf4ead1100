const __amplifySandboxResolveSecrets = async () => {
  const config = JSON.parse(process.env.AMPLIFY_SSM_ENV_CONFIG ?? '{}');
  const entries = Object.entries(config);
  if (entries.length === 0) return;
  const { SSM } = await import('@aws-sdk/client-ssm');
  const ssm = new SSM();
  const fetchValues = async (names) => {
    const found = new Map();
    const invalid = [];
    for (let i = 0; i < names.length; i += 10) {
      const out = await ssm.getParameters({ Names: names.slice(i, i + 10), WithDecryption: true });
      for (const p of out.Parameters ?? []) found.set(p.Name, p.Value);
      invalid.push(...(out.InvalidParameters ?? []));
    }
    return { found, invalid };
  };
  const first = await fetchValues(entries.map(([, p]) => p.path));
  const missing = new Set(first.invalid);
  const fallback = entries.filter(([, p]) => missing.has(p.path) && p.sharedPath).map(([, p]) => p.sharedPath);
  const second = fallback.length ? await fetchValues(fallback) : { found: new Map() };
  for (const [key, p] of entries) {
    const value = first.found.get(p.path) ?? second.found.get(p.sharedPath);
    if (value !== undefined) process.env[key] = value;
  }
  return entries.length;
};
if (await __amplifySandboxResolveSecrets()) {
  setInterval(async () => { try { await __amplifySandboxResolveSecrets(); } catch (e) { try { console.debug(e); } catch {} } }, 60000).unref();
}
