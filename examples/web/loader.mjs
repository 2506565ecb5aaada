// The page's loader: fetch a module compiled by lirc for wasm32-unknown-unknown,
// compile it while it downloads (WebAssembly.instantiateStreaming, which needs the
// server to send `Content-Type: application/wasm`), and connect it to a LirHost.
import { LirHost } from '../host/lir-host.mjs';

/** A sink for `LirHost` that appends each write to `element` as it comes. */
export function textSink(element) {
  const decoder = new TextDecoder();
  return (bytes) => element.append(decoder.decode(bytes, { stream: true }));
}

/**
 * Runs the program at `url` (a module with `_start`) to its end; `options` are
 * LirHost's (args, env, stdin bytes, stdout and stderr sinks). Returns the exit status.
 */
export async function runProgram(url, options) {
  const host = new LirHost(options);
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), host.imports());
  return host.start(instance);
}

/** Loads the library at `url` (no `_start`) and returns its exports. */
export async function loadLibrary(url, options = {}) {
  const host = new LirHost(options);
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), host.imports());
  return host.attach(instance);
}
