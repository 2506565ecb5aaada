/* goto: loops built from gotos, breaking out of nested loops, cleanup
   chains, and irreducible control flow (a loop entered in the middle). */
#include <stdio.h>

static int sum_to(int n)
{
    int i = 1, s = 0;
loop:
    if (i > n)
        goto done;
    s += i;
    i++;
    goto loop;
done:
    return s;
}

static int find(int grid[4][4], int target, int *row, int *col)
{
    int r, c;
    for (r = 0; r < 4; r++)
        for (c = 0; c < 4; c++)
            if (grid[r][c] == target)
                goto found;
    return 0;
found:
    *row = r;
    *col = c;
    return 1;
}

/* Two entries into one cycle: the loop A <-> B can be entered at A or at
   B depending on the argument, so the control flow graph is irreducible. */
static int irreducible(int start, int n)
{
    int steps = 0, acc = start;
    if (start % 2)
        goto B;
A:
    acc = acc * 3 + 1;
    steps++;
    if (steps >= n)
        goto out;
B:
    acc = acc / 2 + steps;
    steps++;
    if (steps < n)
        goto A;
out:
    return acc * 100 + steps;
}

static int setup(int fail_at)
{
    int stage = 0;
    printf("  setup(%d):", fail_at);
    if (fail_at == 1)
        goto fail1;
    stage = 1;
    printf(" a");
    if (fail_at == 2)
        goto fail2;
    stage = 2;
    printf(" b");
    if (fail_at == 3)
        goto fail3;
    printf(" ok\n");
    return 0;
fail3:
    printf(" undo-b");
fail2:
    printf(" undo-a");
fail1:
    printf(" fail (stage %d)\n", stage);
    return -1;
}

/* A state machine where every transition is a goto. */
static int count_words(const char *s)
{
    int words = 0;
outside:
    if (*s == 0)
        return words;
    if (*s == ' ') {
        s++;
        goto outside;
    }
    words++;
inside:
    s++;
    if (*s == 0)
        return words;
    if (*s == ' ')
        goto outside;
    goto inside;
}

int main(void)
{
    int grid[4][4];
    int r, c, i;
    for (r = 0; r < 4; r++)
        for (c = 0; c < 4; c++)
            grid[r][c] = r * 4 + c * c;
    printf("sum_to(100) = %d\n", sum_to(100));
    if (find(grid, 13, &r, &c))
        printf("13 found at %d,%d\n", r, c);
    if (!find(grid, 99, &r, &c))
        printf("99 not found\n");
    for (i = 0; i < 6; i++)
        printf("irreducible(%d, %d) = %d\n", i, 5 + i, irreducible(i, 5 + i));
    for (i = 1; i <= 4; i++)
        setup(i);
    printf("words: %d %d %d\n", count_words("  the quick  brown fox "), count_words(""), count_words("x"));
    {
        /* backward goto inside a block, skipping nothing with a VLA */
        int n = 0;
    again:
        n++;
        if (n < 5)
            goto again;
        printf("n = %d\n", n);
    }
    return 0;
}
