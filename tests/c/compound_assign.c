/* Every compound assignment operator, on several types. */
#include <stdio.h>

int main(void)
{
    int x = 100;
    unsigned int u = 7;
    char c = 100;
    unsigned char uc = 250;
    short s = 1000;
    long long ll = 5;
    double d = 1.5;
    int arr[4] = {1, 2, 3, 4};
    int *p = arr;
    int k = 0;

    x += 5;  printf("+= %d\n", x);
    x -= 10; printf("-= %d\n", x);
    x *= 3;  printf("*= %d\n", x);
    x /= 7;  printf("/= %d\n", x);
    x %= 9;  printf("%%= %d\n", x);
    x <<= 4; printf("<<= %d\n", x);
    x >>= 2; printf(">>= %d\n", x);
    x &= 0x1C; printf("&= %d\n", x);
    x |= 0x101; printf("|= %d\n", x);
    x ^= 0xFF; printf("^= %d\n", x);

    u -= 10; printf("unsigned -= %u\n", u);
    u /= 3;  printf("unsigned /= %u\n", u);
    u %= 1000; printf("unsigned %%= %u\n", u);

    /* narrow left operands: computed in int, then converted back */
    c += 100; printf("char += 100: %d\n", c);
    uc += 10; printf("uchar += 10: %d\n", uc);
    uc *= 3; printf("uchar *= 3: %d\n", uc);
    s *= 100; printf("short *= 100: %d\n", s);
    c = 7; c /= 2.5; printf("char /= 2.5: %d\n", c);

    ll *= 1000000000ll; ll *= 10; printf("ll: %lld\n", ll);
    ll >>= 3; printf("ll >>= 3: %lld\n", ll);

    d += 2; printf("d += 2: %f\n", d);
    d *= d; printf("d *= d: %f\n", d);
    d /= 4; printf("d /= 4: %f\n", d);
    d -= 0.0625; printf("d -= 0.0625: %f\n", d);

    x = 10;
    x *= 2;
    x += x;
    printf("x = 10; x *= 2; x += x: %d\n", x);

    p += 2; printf("p += 2 -> %d\n", *p);
    p -= 1; printf("p -= 1 -> %d\n", *p);
    arr[k++] += 10; printf("arr[k++] += 10: arr[0]=%d k=%d\n", arr[0], k);
    *p *= 5; printf("*p *= 5 -> arr[1]=%d\n", arr[1]);
    {
        /* chained assignment and value of an assignment expression */
        int a, b, e;
        a = b = e = 3;
        printf("a=%d b=%d e=%d, (a += 2) * 2 = %d\n", a, b, e, (a += 2) * 2);
    }
    return 0;
}
