#include <stdio.h>
#include <stdlib.h>
typedef struct node { struct node *left, *right; } node;
static node *make(int d) {
    node *n = malloc(sizeof *n);
    if (d > 0) { n->left = make(d - 1); n->right = make(d - 1); }
    else n->left = n->right = NULL;
    return n;
}
static int check(node *n) { return 1 + (n->left ? check(n->left) + check(n->right) : 0); }
static void del(node *n) { if (n->left) { del(n->left); del(n->right); } free(n); }
int main(int argc, char **argv) {
    int maxd = argc > 1 ? atoi(argv[1]) : 10;
    node *stretch = make(maxd + 1);
    printf("stretch tree of depth %d\t check: %d\n", maxd + 1, check(stretch));
    del(stretch);
    node *lived = make(maxd);
    for (int d = 4; d <= maxd; d += 2) {
        int iters = 1 << (maxd - d + 4), c = 0;
        for (int i = 0; i < iters; i++) { node *t = make(d); c += check(t); del(t); }
        printf("%d\t trees of depth %d\t check: %d\n", iters, d, c);
    }
    printf("long lived tree of depth %d\t check: %d\n", maxd, check(lived));
    return 0;
}
