/* The macros clang predefines for wasm32-wasi C11 that programs test with
   #ifdef: __STDC__, __STDC_HOSTED__, __STDC_VERSION__, __wasm__, __wasm32__,
   __wasi__, __ILP32__, __LITTLE_ENDIAN__. */
// native: differs (x86-64 is neither wasm nor ILP32)
#include <stdio.h>

int main(void) {
#ifdef __STDC__
    printf("__STDC__ %d\n", __STDC__);
#endif
#ifdef __STDC_VERSION__
    printf("__STDC_VERSION__ %ld\n", __STDC_VERSION__);
#endif
#ifdef __STDC_HOSTED__
    printf("__STDC_HOSTED__ %d\n", __STDC_HOSTED__);
#endif
#ifdef __wasm__
    printf("__wasm__\n");
#endif
#ifdef __wasm32__
    printf("__wasm32__\n");
#endif
#ifdef __wasi__
    printf("__wasi__\n");
#endif
#ifdef __ILP32__
    printf("__ILP32__\n");
#endif
#ifdef __LITTLE_ENDIAN__
    printf("__LITTLE_ENDIAN__\n");
#endif
#ifndef __STDC__
    printf("no __STDC__\n");
#endif
    return 0;
}
