/* switch: fallthrough, default in the middle, nested switches, switch on
   char and enum, break vs continue inside switch, Duff's device. */
#include <stdio.h>

enum op { OP_ADD, OP_SUB, OP_MUL, OP_HALT = 10 };

static const char *classify(int n)
{
    switch (n) {
    case 0:
        return "zero";
    case 1:
    case 3:
    case 5:
    case 7:
    case 9:
        return "odd digit";
    default:
        return "other";
    case 2:
    case 4:
    case 6:
    case 8:
        return "even digit";
    case -1:
        return "minus one";
    }
}

static int fallthrough_sum(int start)
{
    int s = 0;
    switch (start) {
    case 1:
        s += 1;
    case 2:
        s += 2;
    case 3:
        s += 3;
        break;
    case 4:
        s += 4;
    default:
        s += 100;
    }
    return s;
}

static void duff_copy(char *to, const char *from, int count)
{
    int n = (count + 7) / 8;
    if (count == 0)
        return;
    switch (count % 8) {
    case 0:
        do {
            *to++ = *from++;
        case 7:
            *to++ = *from++;
        case 6:
            *to++ = *from++;
        case 5:
            *to++ = *from++;
        case 4:
            *to++ = *from++;
        case 3:
            *to++ = *from++;
        case 2:
            *to++ = *from++;
        case 1:
            *to++ = *from++;
        } while (--n > 0);
    }
}

static int run(const int *code)
{
    int acc = 0, pc = 0;
    for (;;) {
        switch ((enum op)code[pc]) {
        case OP_ADD:
            acc += code[pc + 1];
            pc += 2;
            continue;
        case OP_SUB:
            acc -= code[pc + 1];
            pc += 2;
            continue;
        case OP_MUL:
            acc *= code[pc + 1];
            pc += 2;
            continue;
        case OP_HALT:
            break;
        }
        break;
    }
    return acc;
}

int main(void)
{
    int i;
    const char *text = "Hello, World! 123";
    int upper = 0, lower = 0, digit = 0, space = 0, other = 0;
    char buf[32];
    int code[] = {OP_ADD, 5, OP_MUL, 6, OP_SUB, 2, OP_HALT};

    for (i = -2; i <= 10; i++)
        printf("%d: %s\n", i, classify(i));
    for (i = 0; i <= 5; i++)
        printf("fallthrough_sum(%d) = %d\n", i, fallthrough_sum(i));
    for (; *text; text++) {
        switch (*text) {
        case ' ':
            space++;
            break;
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            digit++;
            break;
        default:
            if (*text >= 'A' && *text <= 'Z')
                upper++;
            else if (*text >= 'a' && *text <= 'z')
                lower++;
            else
                other++;
        }
    }
    printf("upper=%d lower=%d digit=%d space=%d other=%d\n", upper, lower, digit, space, other);
    for (i = 0; i <= 17; i += 1) {
        int k;
        for (k = 0; k < 32; k++)
            buf[k] = 0;
        duff_copy(buf, "abcdefghijklmnopqrstuvwxyz", i);
        printf("duff %2d: %s\n", i, buf);
    }
    printf("bytecode result = %d\n", run(code));
    {
        /* nested switch, and a switch whose body skips its first statements */
        int a, b;
        for (a = 0; a < 2; a++)
            for (b = 0; b < 2; b++) {
                switch (a) {
                case 0:
                    switch (b) {
                    case 0:
                        printf("a0b0 ");
                        break;
                    default:
                        printf("a0b? ");
                    }
                    break;
                case 1:
                    printf("a1 ");
                }
            }
        printf("\n");
        switch (3) {
            printf("never printed\n");
        case 3:
            printf("jumped past the first statement\n");
        }
        switch (42) {
        case 1:
            printf("no\n");
        }
        printf("switch with no match and no default is fine\n");
    }
    {
        /* long long and unsigned controlling expressions */
        long long big = 5000000000ll;
        unsigned int u = 4000000000u;
        switch (big) {
        case 5000000000ll:
            printf("matched long long case\n");
            break;
        default:
            printf("missed\n");
        }
        switch (u) {
        case 4000000000u:
            printf("matched unsigned case\n");
            break;
        }
        switch ((char)200) {
        case -56:
            printf("char 200 is -56\n");
            break;
        default:
            printf("char 200 is not -56\n");
        }
    }
    return 0;
}
