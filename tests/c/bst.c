/* A binary search tree on the heap: insert, search, delete, traversal,
   height, and freeing everything. */
#include <stdio.h>
#include <stdlib.h>

typedef struct tree {
    int key;
    int count;
    struct tree *left, *right;
} tree;

static tree *insert(tree *t, int key)
{
    if (!t) {
        t = (tree *)malloc(sizeof *t);
        t->key = key;
        t->count = 1;
        t->left = t->right = NULL;
    } else if (key < t->key) {
        t->left = insert(t->left, key);
    } else if (key > t->key) {
        t->right = insert(t->right, key);
    } else {
        t->count++;
    }
    return t;
}

static tree *find(tree *t, int key)
{
    while (t && t->key != key)
        t = key < t->key ? t->left : t->right;
    return t;
}

static tree *remove_key(tree *t, int key)
{
    tree *m;
    if (!t)
        return NULL;
    if (key < t->key) {
        t->left = remove_key(t->left, key);
        return t;
    }
    if (key > t->key) {
        t->right = remove_key(t->right, key);
        return t;
    }
    if (!t->left || !t->right) {
        tree *child = t->left ? t->left : t->right;
        free(t);
        return child;
    }
    for (m = t->right; m->left; m = m->left)
        ;
    t->key = m->key;
    t->count = m->count;
    t->right = remove_key(t->right, m->key);
    return t;
}

static void inorder(const tree *t)
{
    if (!t)
        return;
    inorder(t->left);
    printf(" %d", t->key);
    if (t->count > 1)
        printf("x%d", t->count);
    inorder(t->right);
}

static int height(const tree *t)
{
    int l, r;
    if (!t)
        return 0;
    l = height(t->left);
    r = height(t->right);
    return 1 + (l > r ? l : r);
}

static int size(const tree *t) { return t ? 1 + size(t->left) + size(t->right) : 0; }

static void destroy(tree *t)
{
    if (!t)
        return;
    destroy(t->left);
    destroy(t->right);
    free(t);
}

int main(void)
{
    tree *t = NULL;
    unsigned int x = 12345;
    int i;
    for (i = 0; i < 40; i++) {
        x = x * 1664525u + 1013904223u;
        t = insert(t, (int)(x >> 24) % 50);
    }
    printf("inorder:");
    inorder(t);
    printf("\nsize=%d height=%d\n", size(t), height(t));
    for (i = 0; i < 50; i += 7)
        printf("find(%d): %s\n", i, find(t, i) ? "yes" : "no");
    for (i = 0; i < 50; i += 3)
        t = remove_key(t, i);
    printf("after removing multiples of 3:");
    inorder(t);
    printf("\nsize=%d height=%d\n", size(t), height(t));
    destroy(t);
    {
        /* many insertions of sorted keys make a deep tree */
        tree *deep = NULL;
        for (i = 0; i < 500; i++)
            deep = insert(deep, i);
        printf("sorted insert: size=%d height=%d\n", size(deep), height(deep));
        destroy(deep);
    }
    return 0;
}
