// small: 20
/* matmul: dense N x N double matrix multiplication (i-k-j loop order),
   with a checksum of the result.  Usage: matmul [N]   (default 1000) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    double *a = (double *)malloc((size_t)n * n * sizeof(double));
    double *b = (double *)malloc((size_t)n * n * sizeof(double));
    double *c = (double *)calloc((size_t)n * n, sizeof(double));
    double trace = 0, sum = 0;
    int i, j, k, rep;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            a[i * n + j] = (double)((i * 7 + j * 3) % 17) / 16.0 - 0.5;
            b[i * n + j] = (double)((i * 5 + j * 11) % 13) / 8.0 - 0.75;
        }
    for (rep = 0; rep < 2; rep++) {
        for (i = 0; i < n * n; i++)
            c[i] = 0;
        for (i = 0; i < n; i++)
            for (k = 0; k < n; k++) {
                double aik = a[i * n + k];
                const double *brow = &b[k * n];
                double *crow = &c[i * n];
                for (j = 0; j < n; j++)
                    crow[j] += aik * brow[j];
            }
    }
    for (i = 0; i < n; i++)
        trace += c[i * n + i];
    for (i = 0; i < n * n; i++)
        sum += c[i] * (double)(i % 7 + 1);
    printf("n=%d trace=%.6f weighted sum=%.6f\n", n, trace, sum);
    free(a);
    free(b);
    free(c);
    return 0;
}
