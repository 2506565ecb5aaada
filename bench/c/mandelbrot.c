// small: 64
/* mandelbrot: the Benchmarks Game Mandelbrot set as a 1-bit bitmap of
   N x N pixels; prints a checksum of the bitmap instead of the bitmap
   (double arithmetic, comparisons).  Usage: mandelbrot [N]   (default 2000) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    int x, y, i;
    unsigned int hash = 2166136261u;
    long long inside = 0;
    for (y = 0; y < n; y++) {
        double ci = 2.0 * y / n - 1.0;
        int bits = 0, bit_count = 0;
        for (x = 0; x < n; x++) {
            double cr = 2.0 * x / n - 1.5;
            double zr = 0, zi = 0, tr = 0, ti = 0;
            for (i = 0; i < 50 && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            bits = (bits << 1) | (tr + ti <= 4.0);
            inside += tr + ti <= 4.0;
            if (++bit_count == 8 || x == n - 1) {
                bits <<= 8 - bit_count;
                hash = (hash ^ (unsigned int)bits) * 16777619u;
                bits = 0;
                bit_count = 0;
            }
        }
    }
    printf("%dx%d: %lld points inside, bitmap hash %08x\n", n, n, inside, hash);
    return 0;
}
