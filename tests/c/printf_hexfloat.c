/* printf's %a and %A as wasi-libc prints them: normalized (subnormals too),
   precision rounding ties to even (the leading digit can become 2), flags and
   width, infinities. */
// native: differs (glibc does not normalize subnormals nor round as musl)
#include <stdio.h>

int main(void) {
    double v[] = { 1.0, -1.0, 0.0, -0.0, 0.1, 1.9, 255.5, 1e300, 1e-300, 5e-324,
                   2.2250738585072014e-308, 1.0 / 3, 1.03125, 0.75 };
    for (int i = 0; i < 14; i++) {
        double x = v[i];
        printf("[%a] [%A] [%.0a] [%.1a] [%.3a] [%.13a] [%.15a]\n", x, x, x, x, x, x, x);
        printf("[%18a] [%-18a] [%018a] [%+a] [% a] [%#.0a] [%+012.2A]\n", x, x, x, x, x, x, x);
    }
    printf("[%a] [%A] [%10a]\n", 1.0 / 0.0, -1.0 / 0.0, 1.0 / 0.0);
    printf("[%.1a] [%.1a] [%.1a] [%.0a] [%.0a]\n", 1.03125, 1.09375, 1.96875, 1.5, 2.5);
    printf("[%a]\n", (double)1.1f);
    return 0;
}
