/* Irregular control flow: goto into the middle of a loop (irreducible), a
   switch-dispatch interpreter, case labels inside a nested loop body, Duff's device,
   continue/break through switch inside loops, backward goto in a block. */
#include <stdio.h>
int irreducible(int n) {
    int a = 0, b = 1, i = 0;
    if (n & 1) goto L2;
L1:
    a += b * 3; i++;
    if (i > n) goto out;
L2:
    b += a ^ i; i++;
    if (i <= n) goto L1;
out:
    return a * 31 + b;
}
unsigned collatz_max(unsigned n) { unsigned mx = n; while (n != 1) { n = (n & 1) ? 3 * n + 1 : n / 2; if (n > mx) mx = n; } return mx; }
int vm(const unsigned char *code) {
    int stack[16], sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case 0: return stack[sp - 1] * 1000 + steps;
        case 1: stack[sp++] = code[pc++]; break;
        case 2: sp--; stack[sp - 1] += stack[sp]; break;
        case 3: sp--; stack[sp - 1] *= stack[sp]; break;
        case 4: stack[sp] = stack[sp - 1]; sp++; break;
        case 5: { int t = code[pc++]; if (stack[sp - 1] < t) pc = code[pc]; else pc++; } break;
        case 6: stack[sp - 1]--; break;
        default: return -1;
        }
    }
}
int nested(int n) {
    int total = 0;
    for (int i = 0; i < n; i++) {
        int j = 0;
        while (1) {
            if (j >= i) break;
            do {
                j++;
                if (j % 3 == 0) continue;
                total += i ^ j;
            } while (j % 5);
        }
        switch (i % 4) { case 0: total++; case 1: total += 2; break; case 3: continue; default: total -= 1; }
        total *= 3; total %= 100003;
    }
    return total;
}
static void part_a(void) {
    for (int n = 0; n < 8; n++) printf("%d ", irreducible(n));
    printf("\n%u %u\n", collatz_max(27), collatz_max(97));
    unsigned char code[] = { 1, 1, 4, 1, 1, 2, 2, 5, 100, 2, 0 };
    printf("%d\n", vm(code));
    printf("%d\n", nested(50));
    int x = 0, y = 0;
    for (int i = 0, j = 10; i < j; i++, j--) { x += i; y += j; }
    printf("%d %d\n", x, y);
    int k = 0;
    while (k < 100) { k += 7; if (k % 2) continue; else if (k > 50) break; k++; }
    printf("%d\n", k);
}

int f(int x) {
    switch (x) {
        int y;
    case 1: y = 5; printf("case1 %d\n", y);
    case 2: { int z = x * 3; printf("case2 %d\n", z); }
        break;
    case 3:
        for (int i = 0; i < 3; i++) {
    case 4:
            printf("in loop %d\n", x);
            if (x == 4) { x = 0; break; }
        }
        break;
    }
    return x;
}
int duff(int count) {
    int n = (count + 3) / 4, total = 0;
    switch (count % 4) {
    case 0: do { total += 1;
    case 3: total += 10;
    case 2: total += 100;
    case 1: total += 1000;
            } while (--n > 0);
    }
    return total;
}
static void part_b(void) {
    for (int i = 0; i <= 5; i++) printf("-> %d\n", f(i));
    for (int i = 1; i <= 9; i++) printf("%d ", duff(i));
    printf("\n");
    int k = 0;
    {
        int acc = 0;
    top:
        acc += k;
        if (++k < 5) goto top;
        printf("acc %d\n", acc);
    }
    static int st[5] = { 5, 4 };
    static struct { int a; char s[4]; } sst = { 9, "hi" };
    printf("%d %d %s\n", st[0] + st[4], sst.a, sst.s);
    int i = 0;
    while (i < 10) {
        switch (i & 3) {
        case 0: i += 3; continue;
        case 3: i++; break;
        default: i += 10;
        }
        printf("i=%d\n", i);
    }
}

int main(void) {
    part_a();
    part_b();
    return 0;
}
