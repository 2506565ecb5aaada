/* Structs by value: parameters, return values, assignment, nesting,
   arrays inside structs are copied too. */
#include <stdio.h>

struct point {
    int x, y;
};

struct rect {
    struct point lo, hi;
};

struct big {
    char name[16];
    int values[6];
    double weight;
};

typedef struct {
    double re, im;
} complex_t;

static struct point add(struct point a, struct point b)
{
    struct point r;
    r.x = a.x + b.x;
    r.y = a.y + b.y;
    return r;
}

static struct point scale(struct point p, int k)
{
    p.x *= k; /* modifies the copy only */
    p.y *= k;
    return p;
}

static int area(struct rect r)
{
    return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y);
}

static struct rect make_rect(int x0, int y0, int x1, int y1)
{
    struct rect r;
    r.lo.x = x0;
    r.lo.y = y0;
    r.hi.x = x1;
    r.hi.y = y1;
    return r;
}

static struct big bump(struct big b)
{
    int i;
    for (i = 0; i < 6; i++)
        b.values[i] += 100;
    b.name[0] = 'B';
    b.weight *= 2;
    return b;
}

static complex_t cmul(complex_t a, complex_t b)
{
    complex_t r;
    r.re = a.re * b.re - a.im * b.im;
    r.im = a.re * b.im + a.im * b.re;
    return r;
}

static void print_big(const char *label, struct big b)
{
    printf("%s: %s [%d %d %d %d %d %d] %.2f\n", label, b.name, b.values[0], b.values[1], b.values[2], b.values[3],
           b.values[4], b.values[5], b.weight);
}

int main(void)
{
    struct point a = {1, 2}, b = {10, 20}, c;
    struct rect r;
    struct big x = {"big", {1, 2, 3, 4, 5, 6}, 1.25}, y;
    complex_t z = {0.0, 1.0}, w;
    struct point pts[3];
    int i;

    c = add(a, b);
    printf("add: (%d,%d)\n", c.x, c.y);
    c = scale(c, 3);
    printf("scale: (%d,%d), a still (%d,%d)\n", c.x, c.y, a.x, a.y);
    printf("add(add(a,b), scale(a,5)) = (%d,%d)\n", add(add(a, b), scale(a, 5)).x, add(add(a, b), scale(a, 5)).y);

    r = make_rect(1, 1, 4, 5);
    printf("area = %d\n", area(r));
    r.hi = add(r.hi, b);
    printf("area after growing = %d\n", area(r));

    y = x; /* assignment copies the arrays too */
    y.values[0] = 99;
    y.name[1] = 'I';
    print_big("x", x);
    print_big("y", y);
    print_big("bump(x)", bump(x));
    print_big("x again", x);

    w = cmul(z, z);
    printf("i*i = %g%+gi\n", w.re, w.im);

    for (i = 0; i < 3; i++) {
        pts[i].x = i;
        pts[i].y = i * i;
    }
    pts[0] = pts[2];
    printf("pts: (%d,%d) (%d,%d) (%d,%d)\n", pts[0].x, pts[0].y, pts[1].x, pts[1].y, pts[2].x, pts[2].y);
    {
        /* struct pointers and the arrow operator */
        struct rect *rp = &r;
        struct point *pp = &rp->lo;
        pp->x = -5;
        printf("r.lo.x = %d, rp->hi.y = %d, (*rp).lo.y = %d\n", r.lo.x, rp->hi.y, (*rp).lo.y);
    }
    {
        /* equality has to be done field by field */
        struct point p1 = {3, 4}, p2;
        p2 = p1;
        printf("copies equal: %d\n", p1.x == p2.x && p1.y == p2.y);
    }
    return 0;
}
