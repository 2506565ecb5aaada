#include <stdio.h>
#include <math.h>
static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }
static void mul_Av(int n, const double *v, double *av) {
    for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += A(i, j) * v[j]; av[i] = s; }
}
static void mul_Atv(int n, const double *v, double *atv) {
    for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += A(j, i) * v[j]; atv[i] = s; }
}
static void mul_AtAv(int n, const double *v, double *out, double *tmp) { mul_Av(n, v, tmp); mul_Atv(n, tmp, out); }
int main(void) {
    enum { N = 100 };
    static double u[N], v[N], tmp[N];
    int i;
    for (i = 0; i < N; i++) u[i] = 1;
    for (i = 0; i < 10; i++) { mul_AtAv(N, u, v, tmp); mul_AtAv(N, v, u, tmp); }
    double vBv = 0, vv = 0;
    for (i = 0; i < N; i++) { vBv += u[i] * v[i]; vv += v[i] * v[i]; }
    printf("%0.9f\n", sqrt(vBv / vv));
    return 0;
}
