// Runs a wasm32-unknown-unknown program compiled by lir under Node.js with lir-host.mjs:
//   lirc --target wasm32-unknown-unknown examples/hello.lir -o hello.wasm
//   node --no-warnings examples/host/run.mjs [--argv0 NAME] hello.wasm [ARGS...]
// (`--no-warnings` keeps Node.js's own notices, such as experimental-feature warnings
// of some versions, out of the program's standard error.)
import { readFileSync, writeSync } from 'node:fs';
import { LirHost } from './lir-host.mjs';

let rest = process.argv.slice(2);
let argv0 = null;
if (rest[0] === '--argv0') {
  argv0 = rest[1];
  rest = rest.slice(2);
}
const [wasmPath, ...args] = rest;
if (wasmPath === undefined) {
  process.stderr.write('usage: node --no-warnings run.mjs [--argv0 NAME] MODULE.wasm [ARGS...]\n');
  process.exit(64);
}
const host = new LirHost({
  args: [argv0 ?? wasmPath, ...args],
  env: process.env,
  stdin: process.stdin.isTTY ? new Uint8Array(0) : readFileSync(0),
  stdout: (bytes) => writeSync(1, bytes),
  stderr: (bytes) => writeSync(2, bytes),
});
try {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), host.imports());
  process.exitCode = host.start(instance);
} catch (e) {
  // Traps are reported like lirc's test runners expect: `lir-trap: MESSAGE`, status 134.
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    process.stderr.write(`lir-trap: ${e.message}\n`);
    process.exitCode = 134;
  } else {
    process.stderr.write(`lir-host-error: ${e.stack}\n`);
    process.exitCode = 125;
  }
}
