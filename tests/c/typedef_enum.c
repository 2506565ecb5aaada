/* typedef and enum: named constants, explicit values, enums in switch
   and arithmetic, typedefs of every kind of type. */
#include <stdio.h>

enum color { RED, GREEN, BLUE, NCOLORS };
enum flags { F_READ = 1, F_WRITE = 2, F_EXEC = 4, F_ALL = F_READ | F_WRITE | F_EXEC };
enum seq { A = 5, B, C = 10, D, E = C + D, F = -3, G };

typedef int money;
typedef unsigned char byte;
typedef int vec3[3];
typedef struct node {
    int value;
    struct node *next;
} node;
typedef enum color color_t;
typedef int (*binop)(int, int);
typedef const char *string;

static const char *color_name(color_t c)
{
    switch (c) {
    case RED:
        return "red";
    case GREEN:
        return "green";
    case BLUE:
        return "blue";
    default:
        return "?";
    }
}

static int plus(int a, int b) { return a + b; }

int main(void)
{
    enum color c;
    money m = 1500;
    byte b = 255;
    vec3 v = {1, 2, 3};
    node n2 = {2, 0};
    node n1 = {1, &n2};
    binop op = plus;
    string s = "typedef'd string";
    int perms = F_READ | F_EXEC;

    for (c = RED; c < NCOLORS; c++)
        printf("%d: %s\n", c, color_name(c));
    printf("F_ALL = %d, perms has write: %d, exec: %d\n", F_ALL, (perms & F_WRITE) != 0, (perms & F_EXEC) != 0);
    printf("A=%d B=%d C=%d D=%d E=%d F=%d G=%d\n", A, B, C, D, E, F, G);
    printf("sizeof(enum color) = %d\n", (int)sizeof(enum color));
    printf("money %d, byte+1 = %d, (byte)(b+1) = %d\n", m, b + 1, (byte)(b + 1));
    printf("vec3: %d %d %d, sizeof(vec3) = %d\n", v[0], v[1], v[2], (int)sizeof(vec3));
    printf("list: %d -> %d\n", n1.value, n1.next->value);
    printf("op(3, 4) = %d\n", op(3, 4));
    printf("%s\n", s);
    {
        /* enum values are ints; arithmetic and comparisons */
        int total = RED + GREEN + BLUE;
        color_t next = (color_t)((BLUE + 1) % NCOLORS);
        printf("total = %d, next after blue = %s, GREEN > RED: %d\n", total, color_name(next), GREEN > RED);
    }
    {
        /* a local typedef shadows nothing but is scoped */
        typedef long long wide;
        wide w = 1;
        w <<= 40;
        printf("wide = %lld\n", w);
    }
    return 0;
}
