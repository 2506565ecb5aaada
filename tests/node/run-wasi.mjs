// Runs a WASI command under Node.js's node:wasi for the lir test harness.
// Usage: node run-wasi.mjs MODULE.wasm CONFIG.json
// CONFIG.json: {"args": [...], "env": {...}, "preopens": {"/guest": "/host/dir"}}
// Standard streams are the process's; the exit status is the program's. A trap prints
// `lir-trap: MESSAGE` on stderr and exits with 134.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';

const [wasmPath, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const wasi = new WASI({
  version: 'preview1',
  args: config.args,
  env: config.env,
  preopens: config.preopens,
  returnOnExit: true,
});
try {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    process.stderr.write(`lir-trap: ${e.message}\n`);
    process.exitCode = 134;
  } else {
    process.stderr.write(`lir-host-error: ${e.stack}\n`);
    process.exitCode = 125;
  }
}
