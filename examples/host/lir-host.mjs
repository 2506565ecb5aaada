// A host for modules compiled by lir for wasm32-unknown-unknown, in plain JavaScript
// (browsers and Node.js). Each LIR system call is an import from module "env" with the
// system call's own signature (docs/running.md); this file implements them over
// standard streams given as callbacks, arguments, environment variables, the clocks
// and the random generator. There is no file system: `open` answers -ENOTCAPABLE.
//
// A program (a module with `_start`, from a LIR `@main`):
//
//   import { LirHost } from './lir-host.mjs';
//   // Each write arrives as it is made; print it as it is, without adding a newline.
//   const host = new LirHost({ args: ['prog'], stdout: (bytes) => process.stdout.write(bytes) });
//   const { instance } = await WebAssembly.instantiate(wasmBytes, host.imports());
//   const status = host.start(instance);   // runs _start, returns the exit status
//
// A library (no `_start`): attach the instance, then call its exports.
//
//   const { instance } = await WebAssembly.instantiate(wasmBytes, host.imports());
//   const { calculate_bmi } = host.attach(instance);
//   calculate_bmi(70, 1.75);               // 22.857143…
//
// In a browser, decode the bytes with one streaming TextDecoder per stream, so a
// character split across two writes stays whole:
//
//   const decoder = new TextDecoder();
//   const stdout = (bytes) => pre.append(decoder.decode(bytes, { stream: true }));
//
// `sleep` blocks with Atomics.wait, which a page's main thread may not do: there it
// answers -ENOTSUP. Run the module in a Worker of a cross-origin-isolated page (served
// with `Cross-Origin-Opener-Policy: same-origin` and
// `Cross-Origin-Embedder-Policy: require-corp`) for it to sleep.

const EBADF = 8, EFAULT = 21, EINVAL = 28, ENOTSUP = 58, ESPIPE = 70, ENOTCAPABLE = 76;

/** Thrown by `exit` to unwind the program; `start` turns it into a status. */
export class LirExit extends Error {
  constructor(status) {
    super(`exit ${status}`);
    this.status = status;
  }
}

export class LirHost {
  constructor({ args = ['program'], env = {}, stdin = new Uint8Array(0), stdout = () => {}, stderr = () => {} } = {}) {
    const encoder = new TextEncoder();
    this.args = args.map((a) => encoder.encode(a));
    this.env = Object.entries(env).map(([k, v]) => encoder.encode(`${k}=${v}`));
    this.stdin = stdin;
    this.stdinOffset = 0;
    this.sinks = { 1: stdout, 2: stderr };
    this.closed = new Set();
    this.memory = null;
    this.started = performance.now();
  }

  /** The bytes `len` at `ptr`, or null if they are not all inside memory. */
  bytes(ptr, len) {
    const memory = new Uint8Array(this.memory.buffer);
    const start = ptr >>> 0, count = len >>> 0;
    return start + count <= memory.length ? memory.subarray(start, start + count) : null;
  }

  /** Writes NUL-terminated `strings` if they fit in `len` bytes; returns the size they need. */
  strings(strings, buf, len) {
    const needed = strings.reduce((n, s) => n + s.length + 1, 0);
    if (needed <= len >>> 0) {
      const out = this.bytes(buf, needed);
      if (out === null) return -EFAULT;
      let at = 0;
      for (const s of strings) { out.set(s, at); out[at + s.length] = 0; at += s.length + 1; }
    }
    return needed;
  }

  imports() {
    const host = this;
    const nanos = (ms) => BigInt(Math.round(ms * 1e6));
    return {
      env: {
        read(fd, buf, len) {
          if (fd !== 0 || host.closed.has(fd)) return -EBADF;
          const out = host.bytes(buf, Math.min(len >>> 0, 0x7fffffff));
          if (out === null) return -EFAULT;
          const chunk = host.stdin.subarray(host.stdinOffset, host.stdinOffset + out.length);
          out.set(chunk);
          host.stdinOffset += chunk.length;
          return chunk.length;
        },
        write(fd, buf, len) {
          const sink = host.sinks[fd];
          if (sink === undefined || host.closed.has(fd)) return -EBADF;
          const bytes = host.bytes(buf, len);
          if (bytes === null) return -EFAULT;
          if (len < 0) return -EINVAL;
          sink(bytes.slice());
          return len;
        },
        open: () => -ENOTCAPABLE,
        close(fd) {
          if (fd < 0 || fd > 2 || host.closed.has(fd)) return -EBADF;
          host.closed.add(fd);
          return 0;
        },
        seek: (fd) => BigInt(fd >= 0 && fd <= 2 && !host.closed.has(fd) ? -ESPIPE : -EBADF),
        exit(status) { throw new LirExit(status); },
        clock_time(id) {
          switch (id) {
            case 0: return BigInt(Date.now()) * 1000000n;
            case 1: return nanos(performance.now());
            case 2: case 3: return nanos(performance.now() - host.started);
            default: return BigInt(-EINVAL);
          }
        },
        clock_res: (id) => (id >= 0 && id <= 3 ? (id === 0 ? 1000000n : 1000n) : BigInt(-EINVAL)),
        random(buf, len) {
          const out = host.bytes(buf, len);
          if (out === null) return -EFAULT;
          for (let at = 0; at < out.length; at += 65536) {
            crypto.getRandomValues(out.subarray(at, Math.min(at + 65536, out.length)));
          }
          return 0;
        },
        sleep(ns) {
          if (ns < 0n) return -EINVAL;
          // Blocking is only possible where Atomics.wait is allowed (Node.js, workers);
          // a browser's main thread cannot sleep.
          try {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ns) / 1e6);
            return 0;
          } catch {
            return -ENOTSUP;
          }
        },
        args: (buf, len) => host.strings(host.args, buf, len),
        env: (buf, len) => host.strings(host.env, buf, len),
      },
    };
  }

  /**
   * Connects the host to `instance` (its memory) without running anything, and
   * returns the instance's exports: for a library module, whose functions the page
   * then calls. A call that reaches `exit` throws `LirExit`.
   */
  attach(instance) {
    this.memory = instance.exports.memory ?? null;
    return instance.exports;
  }

  /** Runs the program's `_start`; returns its exit status. */
  start(instance) {
    if (typeof instance.exports._start !== 'function') {
      const functions = Object.entries(instance.exports)
        .filter(([, value]) => typeof value === 'function')
        .map(([name]) => name);
      throw new Error(
        'this module has no _start: it is a library (its LIR has no @main), not a program; ' +
          'call host.attach(instance) and then its exports' +
          (functions.length > 0 ? ` (${functions.join(', ')})` : ''),
      );
    }
    this.attach(instance);
    try {
      instance.exports._start();
      return 0;
    } catch (e) {
      if (e instanceof LirExit) return e.status;
      throw e;
    }
  }
}
