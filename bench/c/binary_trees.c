// small: 10
/* binary-trees: the Benchmarks Game allocation benchmark, with malloc and
   free (allocator throughput, recursion).  Usage: binary_trees [DEPTH]
   (default 16) */
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *left, *right;
};

static struct node *make(int depth)
{
    struct node *n = (struct node *)malloc(sizeof *n);
    if (depth > 0) {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static int check(const struct node *n)
{
    return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

static void destroy(struct node *n)
{
    if (n->left) {
        destroy(n->left);
        destroy(n->right);
    }
    free(n);
}

int main(int argc, char **argv)
{
    int max_depth = argc > 1 ? atoi(argv[1]) : 16;
    int min_depth = 4, depth;
    struct node *long_lived, *stretch;
    if (max_depth < min_depth + 2)
        max_depth = min_depth + 2;
    stretch = make(max_depth + 1);
    printf("stretch tree of depth %d\t check: %d\n", max_depth + 1, check(stretch));
    destroy(stretch);
    long_lived = make(max_depth);
    for (depth = min_depth; depth <= max_depth; depth += 2) {
        int iterations = 1 << (max_depth - depth + min_depth);
        int i, sum = 0;
        for (i = 0; i < iterations; i++) {
            struct node *t = make(depth);
            sum += check(t);
            destroy(t);
        }
        printf("%d\t trees of depth %d\t check: %d\n", iterations, depth, sum);
    }
    printf("long lived tree of depth %d\t check: %d\n", max_depth, check(long_lived));
    destroy(long_lived);
    return 0;
}
