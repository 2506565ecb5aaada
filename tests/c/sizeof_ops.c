/* sizeof: on types, expressions (not evaluated), arrays, strings,
   struct members, and array parameters decaying to pointers. */
#include <stdio.h>

struct s {
    char c;
    int arr[10];
};

static int param_size(int a[10]) { return (int)sizeof a == (int)sizeof(int *); }

int main(void)
{
    int i = 5;
    int arr[7];
    double d[3][4];
    struct s x;
    char str[] = "sizeof";
    int n;

    printf("sizeof i++ = %d, i still %d\n", (int)sizeof i++, i);
    printf("sizeof(arr) = %d, elements = %d\n", (int)sizeof(arr), (int)(sizeof arr / sizeof arr[0]));
    printf("sizeof d = %d, sizeof d[0] = %d, sizeof d[0][0] = %d\n", (int)sizeof d, (int)sizeof d[0],
           (int)sizeof d[0][0]);
    printf("sizeof x.arr = %d, sizeof x.c = %d\n", (int)sizeof x.arr, (int)sizeof x.c);
    printf("sizeof str = %d, sizeof \"\" = %d\n", (int)sizeof str, (int)sizeof "");
    printf("array parameter is a pointer: %d\n", param_size(arr));
    printf("sizeof(char) = %d, sizeof(short) = %d, sizeof(int) = %d, sizeof(long long) = %d\n", (int)sizeof(char),
           (int)sizeof(short), (int)sizeof(int), (int)sizeof(long long));
    printf("sizeof(float) = %d, sizeof(double) = %d\n", (int)sizeof(float), (int)sizeof(double));
    printf("sizeof 1.0f = %d, sizeof 1.0 = %d, sizeof 'x' = %d\n", (int)sizeof 1.0f, (int)sizeof 1.0, (int)sizeof 'x');
    printf("sizeof +(char)1 = %d, sizeof((char)1) = %d, sizeof(char) + 1 = %d\n", (int)sizeof +(char)1,
           (int)sizeof((char)1), (int)sizeof(char) + 1);
    printf("sizeof(short) * 2 = %d\n", (int)sizeof(short) * 2);
    n = sizeof(int[3][5]);
    printf("sizeof(int[3][5]) = %d\n", n);
    printf("sizeof(struct s) = %d\n", (int)sizeof(struct s));
    printf("sizeof(d[1]) / sizeof(double) = %d\n", (int)(sizeof(d[1]) / sizeof(double)));
    {
        /* sizeof a function call does not call it */
        int calls = 0;
        n = (int)sizeof(calls++ + 1);
        printf("sizeof(calls++ + 1) = %d, calls = %d\n", n, calls);
    }
    return 0;
}
