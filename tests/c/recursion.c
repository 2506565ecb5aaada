/* Recursion: direct, mutual, deep, with accumulators and backtracking. */
#include <stdio.h>

static int ackermann(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(int n);
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

static int moves;
static void hanoi(int n, char from, char to, char via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    if (n >= 4)
        printf("move disk %d %c -> %c\n", n, from, to);
    moves++;
    hanoi(n - 1, via, to, from);
}

static int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

static long long gcd(long long a, long long b) { return b == 0 ? a : gcd(b, a % b); }

static int queens(int row, int n, int *cols)
{
    int count = 0, c, r;
    if (row == n)
        return 1;
    for (c = 0; c < n; c++) {
        int ok = 1;
        for (r = 0; r < row; r++)
            if (cols[r] == c || cols[r] - c == row - r || c - cols[r] == row - r)
                ok = 0;
        if (ok) {
            cols[row] = c;
            count += queens(row + 1, n, cols);
        }
    }
    return count;
}

static void permute(char *s, int k, int n)
{
    int i;
    if (k == n) {
        printf("%s ", s);
        return;
    }
    for (i = k; i < n; i++) {
        char t = s[k];
        s[k] = s[i];
        s[i] = t;
        permute(s, k + 1, n);
        t = s[k];
        s[k] = s[i];
        s[i] = t;
    }
}

static double power(double x, int n)
{
    double h;
    if (n == 0)
        return 1;
    if (n < 0)
        return 1 / power(x, -n);
    h = power(x, n / 2);
    return n % 2 ? h * h * x : h * h;
}

static void print_binary(unsigned int n)
{
    if (n > 1)
        print_binary(n / 2);
    putchar('0' + (int)(n % 2));
}

int main(void)
{
    int cols[10];
    char word[] = "abcd";
    printf("ackermann(2, 3) = %d, ackermann(3, 3) = %d\n", ackermann(2, 3), ackermann(3, 3));
    printf("is_even(10) = %d, is_odd(7) = %d, is_even(7) = %d\n", is_even(10), is_odd(7), is_even(7));
    hanoi(6, 'A', 'C', 'B');
    printf("hanoi(6) moves = %d\n", moves);
    printf("depth(1000) = %d\n", depth(1000));
    printf("gcd(1071, 462) = %lld, gcd(2^40, 6^15) = %lld\n", gcd(1071, 462), gcd(1ll << 40, 470184984576ll));
    printf("8 queens: %d solutions, 6 queens: %d\n", queens(0, 8, cols), queens(0, 6, cols));
    permute(word, 0, 4);
    printf("\n");
    printf("power(2, 10) = %g, power(2, -3) = %g, power(1.5, 5) = %g\n", power(2, 10), power(2, -3), power(1.5, 5));
    print_binary(2024);
    putchar('\n');
    return 0;
}
