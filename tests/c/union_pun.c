/* Unions: type punning between float/double and integers, byte views,
   tagged unions. */
#include <stdio.h>
#include <stdint.h>

union fbits {
    float f;
    uint32_t u;
    unsigned char b[4];
};

union dbits {
    double d;
    uint64_t u;
    uint32_t w[2];
};

enum kind { K_INT, K_DOUBLE, K_STR };

struct value {
    enum kind kind;
    union {
        int i;
        double d;
        const char *s;
    } as;
};

static void print_value(struct value v)
{
    switch (v.kind) {
    case K_INT:
        printf("int %d\n", v.as.i);
        break;
    case K_DOUBLE:
        printf("double %g\n", v.as.d);
        break;
    case K_STR:
        printf("string %s\n", v.as.s);
        break;
    }
}

int main(void)
{
    union fbits f;
    union dbits d;
    struct value vals[3];
    int i;

    f.f = 1.0f;
    printf("1.0f = 0x%08x\n", f.u);
    f.f = -2.5f;
    printf("-2.5f = 0x%08x, bytes %02x %02x %02x %02x\n", f.u, f.b[0], f.b[1], f.b[2], f.b[3]);
    f.u = 0x40490fdbu;
    printf("0x40490fdb = %.7f\n", f.f);
    d.d = 1.0;
    printf("1.0 = 0x%016llx, low word %08x high word %08x\n", (unsigned long long)d.u, d.w[0], d.w[1]);
    d.d = -0.0;
    printf("-0.0 = 0x%016llx\n", (unsigned long long)d.u);
    d.u = 0x7ff0000000000000ull;
    printf("0x7ff0000000000000 = %f\n", d.d);
    d.u = 0x3fb999999999999aull;
    printf("0x3fb999999999999a = %.20f\n", d.d);
    d.d = 3.0;
    printf("exponent of 3.0 = %d, mantissa = 0x%llx\n", (int)((d.u >> 52) & 0x7ff) - 1023,
           (unsigned long long)(d.u & 0xfffffffffffffull));
    {
        /* next representable double above 1.0 */
        d.d = 1.0;
        d.u++;
        printf("nextafter(1.0) - 1.0 = %g\n", d.d - 1.0);
    }
    vals[0].kind = K_INT;
    vals[0].as.i = 42;
    vals[1].kind = K_DOUBLE;
    vals[1].as.d = 2.75;
    vals[2].kind = K_STR;
    vals[2].as.s = "tagged";
    for (i = 0; i < 3; i++)
        print_value(vals[i]);
    {
        /* initialising a union initialises its first member */
        union fbits g = {2.0f};
        union {
            unsigned short s;
            unsigned char c[2];
        } h = {0x1234};
        printf("union init: 0x%08x, bytes %02x %02x\n", g.u, h.c[0], h.c[1]);
    }
    return 0;
}
