// Runs a WASI command under Node.js's node:wasi for the lir test harness.
// Usage: node run-wasi.mjs MODULE.wasm CONFIG.json
// CONFIG.json: {"args": [...], "env": {...}, "preopens": {"/guest": "/host/dir"},
//               "readOnly": ["/guest", ...]}
// Standard streams are the process's; the exit status is the program's. A trap prints
// `lir-trap: MESSAGE` on stderr and exits with 134.
//
// node:wasi has no read-only grants, so this host enforces them: a path_open relative to
// a read-only preopen that asks for write access, create, truncate or append fails with
// EPERM, as under wasmtime. (lir's glue opens paths relative to preopens only.)
// uvwasi numbers the preopens from 3 in the order they are given.
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

const EPERM = 63;
const OFLAGS_CREAT = 1;
const OFLAGS_TRUNC = 8;
const RIGHTS_FD_WRITE = 1n << 6n;
const FDFLAGS_APPEND = 1;
const readOnly = new Set(config.readOnly ?? []);
const readOnlyFds = new Set(
  Object.keys(config.preopens)
    .map((guest, index) => [guest, 3 + index])
    .filter(([guest]) => readOnly.has(guest))
    .map(([, fd]) => fd),
);
const wasiImport = wasi.getImportObject().wasi_snapshot_preview1;
const imports = {
  wasi_snapshot_preview1: {
    ...wasiImport,
    path_open(dirfd, dirflags, path, pathLen, oflags, rightsBase, rightsInheriting, fdflags, opened) {
      const changes =
        (oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) !== 0 ||
        (BigInt(rightsBase) & RIGHTS_FD_WRITE) !== 0n ||
        (fdflags & FDFLAGS_APPEND) !== 0;
      if (readOnlyFds.has(dirfd) && changes) {
        return EPERM;
      }
      return wasiImport.path_open(
        dirfd, dirflags, path, pathLen, oflags, rightsBase, rightsInheriting, fdflags, opened);
    },
  },
};

try {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, imports);
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
