// Runs a WASI command under Node.js: node wasi.js MODULE.wasm ENV_JSON ARGV0 ARGS...
// Standard input and output are the process's; the exit status is the program's.
const { WASI } = require('node:wasi');
const fs = require('fs');
const [wasmPath, envJson, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args, env: JSON.parse(envJson), returnOnExit: true });
(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
})().catch((e) => { console.error(e); process.exit(125); });
