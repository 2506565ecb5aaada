/* printf's %a with precision 12 and around it: wasi-libc rounds the hexadecimal
   fraction only for precisions below 12, so "%.12a" prints a 13th digit when the
   value has one (found by a random printf differential test against wasi-libc:
   tinyc rounded to 12 digits). */
// native: differs (glibc rounds "%.12a" to 12 digits)
#include <stdio.h>

int main(void) {
    double v[] = { 0x1.23358d080e093p-234, 0x1.fffffffffffffp0, 0x1.0000000000008p0, 0x1.0000000000018p0,
                   0x1.8993c25b12babp-18, 1.0, 0.1, 1.0 / 3, 5e-324, 0x1.abcdef0123450p+10, -0x1.cbc53992d4782p+669 };
    for (int i = 0; i < 11; i++) {
        double x = v[i];
        printf("[%.10a] [%.11a] [%.12a] [%.13a] [%.14a]\n", x, x, x, x, x);
        printf("[%#.12A] [%25.12a] [%-25.12a] [%+025.12a] [%.*a]\n", x, x, x, x, 12, x);
    }
    return 0;
}
