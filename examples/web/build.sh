#!/bin/sh
# Builds the modules examples/web/index.html runs, with lirc for wasm32-unknown-unknown:
#   sh examples/web/build.sh [OUTDIR]      (default: examples/web; LIRC=path/to/lirc)
# Run from the repository's top directory.
set -e
out=${1:-examples/web}
lirc=${LIRC:-lirc}
for program in hello wc bmi; do
    "$lirc" -O2 --target wasm32-unknown-unknown "examples/$program.lir" -o "$out/$program.wasm"
done
