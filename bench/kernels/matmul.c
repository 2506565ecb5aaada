/* matmul: f64 matrix multiply, row-major with i*n+j indexing; prints a checksum. */
#include <stdio.h>

#define N 200
static double a[N * N];
static double b[N * N];
static double c[N * N];

static int index_of(int i, int j, int n) { return i * n + j; }
/* Same body as index_of; the LIR version calls both. */
static int offset_of(int i, int j, int n) { return i * n + j; }

static void init(int n) {
    int i = 0;
    while (i < n) {
        int j = 0;
        while (j < n) {
            a[index_of(i, j, n)] = (double)((i + 2 * j) % 10) * 0.5;
            b[index_of(i, j, n)] = (double)((3 * i + j) % 7) * 0.25;
            j = j + 1;
        }
        i = i + 1;
    }
}

static void multiply(int n) {
    int i = 0;
    while (i < n) {
        int j = 0;
        while (j < n) {
            double sum = 0.0;
            int k = 0;
            while (k < n) {
                sum = sum + a[index_of(i, k, n)] * b[offset_of(k, j, n)];
                k = k + 1;
            }
            c[index_of(i, j, n)] = sum;
            j = j + 1;
        }
        i = i + 1;
    }
}

static double checksum(int n) {
    double total = 0.0;
    int i = 0;
    while (i < n * n) {
        total = total + c[i] * (double)(i % 13 + 1);
        i = i + 1;
    }
    return total;
}

int main(void) {
    int n = 200;
    int rounds = 6 * 10;
    long long check = 0;
    int r = 0;
    init(n);
    while (r < rounds) {
        multiply(n);
        check = check + (long long)checksum(n);
        r = r + 1;
    }
    printf("matmul %dx%d checksum: %lld\n", n, n, check);
    return 0;
}
