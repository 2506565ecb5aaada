/* Flexible array members (C99): sizeof leaves them out, malloc'd objects index
   past the fixed part, struct copies take the fixed part only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct Vec { int n; double scale; int items[]; };
struct Str { unsigned short len; char text[]; };
struct Vec *mkvec(int n) {
    struct Vec *v = malloc(sizeof *v + n * sizeof v->items[0]);
    v->n = n; v->scale = 0.5;
    for (int i = 0; i < n; i++) v->items[i] = i * i;
    return v;
}
struct Str *mkstr(const char *s) {
    size_t len = strlen(s);
    struct Str *r = malloc(sizeof(struct Str) + len + 1);
    r->len = (unsigned short)len; memcpy(r->text, s, len + 1);
    return r;
}
int main(void) {
    printf("%d %d\n", (int)sizeof(struct Vec), (int)sizeof(struct Str));
    struct Vec *v = mkvec(6);
    int sum = 0; for (int i = 0; i < v->n; i++) sum += v->items[i];
    printf("%d %f %d\n", sum, v->scale * sum, v->items[5]);
    int *p = v->items; printf("%d %d\n", p[2], (int)((char *)v->items - (char *)v));
    struct Str *s = mkstr("flexible"); printf("%s %d %d\n", s->text, s->len, (int)((char *)s->text - (char *)s));
    struct Vec copy = *v; printf("%d %f\n", copy.n, copy.scale);
    struct Vec zero = { 3 };
    printf("%d %f\n", zero.n, zero.scale);
    free(v); free(s);
    return 0;
}
