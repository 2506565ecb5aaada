/* Multi-dimensional arrays: indexing, sizes, passing to functions. */
#include <stdio.h>

#define N 4

static void transpose(int m[N][N])
{
    int i, j;
    for (i = 0; i < N; i++)
        for (j = i + 1; j < N; j++) {
            int t = m[i][j];
            m[i][j] = m[j][i];
            m[j][i] = t;
        }
}

static int trace(int (*m)[N])
{
    int i, t = 0;
    for (i = 0; i < N; i++)
        t += m[i][i];
    return t;
}

static void print(int m[][N], int rows)
{
    int i, j;
    for (i = 0; i < rows; i++) {
        for (j = 0; j < N; j++)
            printf("%4d", m[i][j]);
        printf("\n");
    }
}

static void matmul(double a[2][3], double b[3][2], double c[2][2])
{
    int i, j, k;
    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++) {
            c[i][j] = 0;
            for (k = 0; k < 3; k++)
                c[i][j] += a[i][k] * b[k][j];
        }
}

int main(void)
{
    int m[N][N];
    int i, j, k;
    char grid[3][5] = {"abcd", "efgh", "ijkl"};
    int cube[2][3][4];
    int partial[3][3] = {{1}, {2, 3}, {4, 5, 6}};
    double a[2][3] = {{1, 2, 3}, {4, 5, 6}};
    double b[3][2] = {{7, 8}, {9, 10}, {11, 12}};
    double c[2][2];

    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
            m[i][j] = i * 10 + j;
    print(m, N);
    transpose(m);
    printf("transposed:\n");
    print(m, N);
    printf("trace = %d\n", trace(m));
    printf("sizeof m = %d, sizeof m[0] = %d, sizeof m[0][0] = %d\n", (int)sizeof m, (int)sizeof m[0],
           (int)sizeof m[0][0]);
    printf("&m[2][0] - &m[0][0] = %d\n", (int)(&m[2][0] - &m[0][0]));
    printf("m[1] + 1 == &m[1][1]: %d\n", m[1] + 1 == &m[1][1]);

    for (i = 0; i < 3; i++)
        printf("%s %c\n", grid[i], grid[i][i]);

    for (i = 0; i < 2; i++)
        for (j = 0; j < 3; j++)
            for (k = 0; k < 4; k++)
                cube[i][j][k] = i * 100 + j * 10 + k;
    printf("cube[1][2][3] = %d, sizeof cube[1] = %d\n", cube[1][2][3], (int)sizeof cube[1]);
    {
        int *flat = &cube[0][0][0];
        printf("flat[23] = %d, flat[13] = %d\n", flat[23], flat[13]);
    }
    for (i = 0; i < 3; i++)
        printf("partial row %d: %d %d %d\n", i, partial[i][0], partial[i][1], partial[i][2]);
    matmul(a, b, c);
    printf("product: %g %g / %g %g\n", c[0][0], c[0][1], c[1][0], c[1][1]);
    {
        /* pointer to a row walks rows */
        int (*row)[N] = m;
        row++;
        printf("(*row)[3] = %d, row[1][0] = %d\n", (*row)[3], row[1][0]);
    }
    return 0;
}
