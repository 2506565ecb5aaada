// Runs calls against a wasm module under Node.js, one fresh instance per call.
// Usage: node run.js MODULE.wasm CALLS.json
// CALLS.json: [{"name": "f0", "args": [["i32", "123"], ["f64", "4607182418800017408"], ...]}]
// (values are bit patterns in decimal). Prints one line per call:
// `ok TYPE:BITS ...` (NaNs as `TYPE:nan`) or `trap MESSAGE`.
const fs = require('fs');
const [wasmPath, callsPath] = process.argv.slice(2);
const bytes = fs.readFileSync(wasmPath);
const calls = JSON.parse(fs.readFileSync(callsPath, 'utf8'));
const buf = new DataView(new ArrayBuffer(8));

function toJs([ty, bits]) {
  const b = BigInt(bits);
  switch (ty) {
    case 'i32': return Number(BigInt.asIntN(32, b));
    case 'i64': return BigInt.asIntN(64, b);
    case 'f32': buf.setUint32(0, Number(b)); return buf.getFloat32(0);
    case 'f64': buf.setBigUint64(0, b); return buf.getFloat64(0);
  }
}

function fromJs(ty, v) {
  switch (ty) {
    case 'i32': return String(BigInt.asUintN(32, BigInt(v)));
    case 'i64': return String(BigInt.asUintN(64, v));
    case 'f32': buf.setFloat32(0, v); return Number.isNaN(v) ? 'nan' : String(buf.getUint32(0));
    case 'f64': buf.setFloat64(0, v); return Number.isNaN(v) ? 'nan' : String(buf.getBigUint64(0));
  }
}

(async () => {
  const module = await WebAssembly.compile(bytes);
  for (const call of calls) {
    const instance = await WebAssembly.instantiate(module, {});
    try {
      let r = instance.exports[call.name](...call.args.map(toJs));
      const types = call.results;
      if (types.length === 0) r = [];
      else if (types.length === 1) r = [r];
      console.log(['ok', ...types.map((t, i) => t + ':' + fromJs(t, r[i]))].join(' '));
    } catch (e) {
      console.log('trap ' + String(e && e.message).replace(/\n/g, ' '));
    }
  }
})().catch((e) => { console.error(e); process.exit(2); });
