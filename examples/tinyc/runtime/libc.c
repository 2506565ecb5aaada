/*
 * libc.c -- the C library of tinyc.
 *
 * Written once in the C subset tinyc accepts and compiled by tinyc together
 * with every program.  It talks to the outside world only through the
 * __lir_* built-ins below, which tinyc lowers to LIR instructions.
 *
 * Contents:
 *   1. built-ins and configuration
 *   2. low-level output: stdout buffer (4 KiB), unbuffered stderr
 *   3. input: getchar reading stdin in blocks
 *   4. memory and string functions
 *   5. the allocator: malloc / calloc / realloc / free
 *   6. formatted output: printf and friends
 *      6a. output sinks      6b. integer conversions
 *      6c. exact decimal expansion of doubles (base 1e9 big integers)
 *      6d. %f %e %g %a       6e. the format-string interpreter
 *   7. miscellaneous: atoi, atol, atoll, abs, labs, llabs, exit, math
 *
 * Names private to the library start with __tinyc_ so that they do not
 * collide with names in user programs.
 *
 * The #include lines are ignored by tinyc (it predefines the names they
 * declare); they let clang compile this file for the native tests.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <limits.h>

/* ======================================================================
 * 1. Built-ins (defined by the compiler) and configuration
 * ====================================================================== */

int __lir_syscall_read(int fd, void *buf, int len);
int __lir_syscall_write(int fd, const void *buf, int len);
void __lir_syscall_exit(int code);
int __lir_memory_size(void);
int __lir_memory_grow(int pages);
void *__lir_heap_base(void);
void __lir_memory_copy(void *dst, const void *src, unsigned long n);
void __lir_memory_fill(void *dst, int byte, unsigned long n);
double __lir_sqrt(double x);
double __lir_fabs(double x);
double __lir_floor(double x);
double __lir_ceil(double x);

#define __TINYC_EOF (-1)
#define __TINYC_OUTBUF_SIZE 4096
#define __TINYC_INBUF_SIZE 4096
#define __TINYC_PAGE_SIZE 65536

/* Public declarations (user programs get these from tinyc itself). */
void __tinyc_flush(void);
void exit(int status);
void *malloc(size_t n);
void free(void *p);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

/* ======================================================================
 * 2. Low-level output
 * ====================================================================== */

/* A stream is just a file descriptor; stdout is buffered, stderr is not. */
struct __tinyc_file {
    int fd;
};

struct __tinyc_file __tinyc_stdin_file = {0};
struct __tinyc_file __tinyc_stdout_file = {1};
struct __tinyc_file __tinyc_stderr_file = {2};
struct __tinyc_file *stdin = &__tinyc_stdin_file;
struct __tinyc_file *stdout = &__tinyc_stdout_file;
struct __tinyc_file *stderr = &__tinyc_stderr_file;

static char __tinyc_outbuf[__TINYC_OUTBUF_SIZE];
static int __tinyc_outlen = 0;

/* Writes all n bytes to fd, retrying after short writes; gives up on error. */
static void __tinyc_write_all(int fd, const char *p, int n)
{
    while (n > 0) {
        int w = __lir_syscall_write(fd, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= w;
    }
}

/* Empties the stdout buffer.  tinyc's entry code calls this after main. */
void __tinyc_flush(void)
{
    if (__tinyc_outlen > 0) {
        __tinyc_write_all(1, __tinyc_outbuf, __tinyc_outlen);
        __tinyc_outlen = 0;
    }
}

/* Appends one byte to the stdout buffer, flushing it when full. */
static void __tinyc_stdout_byte(int c)
{
    if (__tinyc_outlen == __TINYC_OUTBUF_SIZE)
        __tinyc_flush();
    __tinyc_outbuf[__tinyc_outlen++] = (char)c;
}

/* Appends n bytes to the stdout buffer. */
static void __tinyc_stdout_bytes(const char *p, size_t n)
{
    while (n > 0) {
        size_t room;
        if (__tinyc_outlen == __TINYC_OUTBUF_SIZE)
            __tinyc_flush();
        room = (size_t)(__TINYC_OUTBUF_SIZE - __tinyc_outlen);
        if (room > n)
            room = n;
        __lir_memory_copy(__tinyc_outbuf + __tinyc_outlen, p, room);
        __tinyc_outlen += (int)room;
        p += room;
        n -= room;
    }
}

/* Writes n bytes to a stream: buffered for stdout, directly otherwise. */
static void __tinyc_stream_bytes(struct __tinyc_file *f, const char *p, size_t n)
{
    if (f->fd == 1)
        __tinyc_stdout_bytes(p, n);
    else
        __tinyc_write_all(f->fd, p, (int)n);
}

int putchar(int c)
{
    __tinyc_stdout_byte(c);
    return (unsigned char)c;
}

int puts(const char *s)
{
    __tinyc_stdout_bytes(s, strlen(s));
    __tinyc_stdout_byte('\n');
    return 0;
}

int fputs(const char *s, struct __tinyc_file *f)
{
    __tinyc_stream_bytes(f, s, strlen(s));
    return 0;
}

int fputc(int c, struct __tinyc_file *f)
{
    char ch = (char)c;
    __tinyc_stream_bytes(f, &ch, 1);
    return (unsigned char)c;
}

int fflush(struct __tinyc_file *f)
{
    if (f == NULL || f->fd == 1)
        __tinyc_flush();
    return 0;
}

/* ======================================================================
 * 3. Input
 * ====================================================================== */

static unsigned char __tinyc_inbuf[__TINYC_INBUF_SIZE];
static int __tinyc_inpos = 0;
static int __tinyc_inlen = 0;
static int __tinyc_ineof = 0;

/* Reads the next block of stdin; returns 0 at end of input (sticky). */
static int __tinyc_refill(void)
{
    int n;
    if (__tinyc_ineof)
        return 0;
    __tinyc_flush(); /* show any prompt before blocking */
    n = __lir_syscall_read(0, __tinyc_inbuf, __TINYC_INBUF_SIZE);
    if (n <= 0) {
        __tinyc_ineof = 1;
        return 0;
    }
    __tinyc_inpos = 0;
    __tinyc_inlen = n;
    return 1;
}

int getchar(void)
{
    if (__tinyc_inpos >= __tinyc_inlen && !__tinyc_refill())
        return __TINYC_EOF;
    return __tinyc_inbuf[__tinyc_inpos++];
}

/* ======================================================================
 * 4. Memory and string functions
 * ====================================================================== */

void *memcpy(void *dst, const void *src, size_t n)
{
    __lir_memory_copy(dst, src, n);
    return dst;
}

/* memory.copy handles overlapping ranges, so memmove is the same. */
void *memmove(void *dst, const void *src, size_t n)
{
    __lir_memory_copy(dst, src, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    __lir_memory_fill(dst, c, n);
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != q[i])
            return (int)p[i] - (int)q[i]; /* the byte difference, as wasi-libc */
    }
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    while (*p && *p == *q) {
        p++;
        q++;
    }
    return (int)*p - (int)*q;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return (int)*p - (int)*q;
        if (*p == 0)
            return 0;
    }
    return 0;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++) != 0)
        ;
    return dst;
}

char *strchr(const char *s, int c)
{
    char ch = (char)c;
    for (;; s++) {
        if (*s == ch)
            return (char *)s;
        if (*s == 0)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    char ch = (char)c;
    const char *last = NULL;
    for (;; s++) {
        if (*s == ch)
            last = s;
        if (*s == 0)
            return (char *)last;
    }
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

/* Copies at most n bytes and pads with NULs up to n (no NUL if src is longer). */
char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i] != 0; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack != 0; haystack++) {
        if (strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    }
    return n == 0 ? (char *)haystack : NULL;
}

/* ======================================================================
 * 5. The allocator
 *
 * The heap is one contiguous region from __lir_heap_base() to the end of
 * linear memory, grown with __lir_memory_grow.  It is divided into blocks;
 * each starts with an 8-byte header:
 *
 *     prev_size  size of the block just below (0 for the first block)
 *     size       size of this block in bytes, header included (a multiple
 *                of 8); bit 0 set while the block is allocated or cached,
 *                bit 1 set while it is cached (see below)
 *
 * so both neighbours of a block can be found and free neighbours merged
 * ("boundary tags").  Payloads are 8-byte aligned.  The last block, "top",
 * is always free and borders the end of memory; it is carved from when no
 * free block fits and grows with the memory.  Other free blocks sit in
 * doubly linked segregated lists ("bins"): one bin per exact size up to
 * 256 bytes, then one per power of two.  A bitmap records which bins are
 * non-empty.  Freed blocks are merged with free neighbours immediately
 * (small ones when they leave their cache, below).
 *
 * Small blocks (up to __TINYC_CACHE_MAX bytes, header included) take a
 * shortcut in front of all that: free() pushes one onto a singly linked
 * list for its exact size (a "cache", one per multiple of 8) without
 * merging it, and malloc() of that size pops it again: a few loads and
 * stores each way, which is what programs that allocate and free many
 * nodes of one size (trees, lists) spend their time on.  A cached block
 * keeps bits 0 and 1 set, so that its neighbours never merge with it and
 * freeing it twice is noticed.  When a request finds neither a cached nor
 * a free block, before carving from top, every cached block is released
 * into the bins (merged as free() does) and the bins are searched again:
 * memory freed in small blocks serves other sizes and large requests too,
 * and malloc returns NULL only when memory.grow fails with everything
 * merged.  A block is released from a cache at most once per free() that
 * put it there, so draining costs O(1) per call on average (plus one pass
 * over the caches per drain).
 * ====================================================================== */

struct __tinyc_block {
    unsigned int prev_size;
    unsigned int size;
    struct __tinyc_block *next_free; /* free and cached blocks only */
    struct __tinyc_block *prev_free; /* free blocks only */
};

#define __TINYC_HDR 8
#define __TINYC_INUSE 1u
#define __TINYC_CACHED 2u
/* the smallest block: room for the header and both list links */
#define __TINYC_MIN_BLOCK ((unsigned int)((sizeof(struct __tinyc_block) + 7u) & ~7u))
/* bins 0..32 hold the exact sizes 0..256 in steps of 8;
   bins 33..57 hold sizes in [2^k, 2^(k+1)) for k = 8..31 */
#define __TINYC_SMALL_BINS 33
#define __TINYC_NBINS 58
#define __TINYC_MAX_REQUEST 0x7ff00000u
/* the largest block size kept in a cache; cache i holds blocks of 8*i bytes */
#define __TINYC_CACHE_MAX 256u
#define __TINYC_NCACHES (__TINYC_CACHE_MAX / 8 + 1)

static struct __tinyc_block *__tinyc_bins[__TINYC_NBINS];
static unsigned int __tinyc_binmap[2];
static struct __tinyc_block *__tinyc_cache[__TINYC_NCACHES];
static int __tinyc_cached = 0; /* whether any cache may be non-empty */
static struct __tinyc_block *__tinyc_top = NULL;
static uintptr_t __tinyc_heap_end = 0;

static unsigned int __tinyc_bsize(struct __tinyc_block *b)
{
    return b->size & ~7u;
}


/* Size of the top block (it always reaches the end of memory). */
static unsigned int __tinyc_top_size(void)
{
    return (unsigned int)(__tinyc_heap_end - (uintptr_t)__tinyc_top);
}

/* Sets the size field of a block and the prev_size of the block after it. */
static void __tinyc_set_size(struct __tinyc_block *b, unsigned int size, unsigned int inuse)
{
    b->size = size | inuse;
    if (b != __tinyc_top)
        ((struct __tinyc_block *)((char *)b + size))->prev_size = size;
}

static int __tinyc_bin_index(unsigned int size)
{
    int k = 0;
    if (size <= 256)
        return (int)(size >> 3);
    while ((size >> k) > 1)
        k++;
    return __TINYC_SMALL_BINS + (k - 8);
}

static void __tinyc_bin_insert(struct __tinyc_block *b)
{
    int i = __tinyc_bin_index(__tinyc_bsize(b));
    b->prev_free = NULL;
    b->next_free = __tinyc_bins[i];
    if (b->next_free != NULL)
        b->next_free->prev_free = b;
    __tinyc_bins[i] = b;
    __tinyc_binmap[i >> 5] |= 1u << (i & 31);
}

static void __tinyc_bin_remove(struct __tinyc_block *b)
{
    int i = __tinyc_bin_index(__tinyc_bsize(b));
    if (b->prev_free != NULL)
        b->prev_free->next_free = b->next_free;
    else
        __tinyc_bins[i] = b->next_free;
    if (b->next_free != NULL)
        b->next_free->prev_free = b->prev_free;
    if (__tinyc_bins[i] == NULL)
        __tinyc_binmap[i >> 5] &= ~(1u << (i & 31));
}

/* Grows linear memory by `pages` pages at the end of the heap; fails
   without growing when the new end would not be addressable (4 GiB). */
static int __tinyc_grow_pages(int pages)
{
    uintptr_t bytes = (uintptr_t)pages * __TINYC_PAGE_SIZE;
    if (bytes > (uintptr_t)-1 - __tinyc_heap_end)
        return 0;
    if (__lir_memory_grow(pages) < 0)
        return 0;
    __tinyc_heap_end += bytes;
    return 1;
}

/* First use: the heap starts as one top block covering all free memory. */
static void __tinyc_heap_init(void)
{
    uintptr_t start = ((uintptr_t)__lir_heap_base() + 7u) & ~(uintptr_t)7u;
    __tinyc_heap_end = (uintptr_t)__lir_memory_size() * __TINYC_PAGE_SIZE;
    __tinyc_top = (struct __tinyc_block *)start;
    if (__tinyc_heap_end < start + __TINYC_MIN_BLOCK) {
        /* no room at all yet: make some */
        unsigned int need = (unsigned int)(start + __TINYC_MIN_BLOCK - __tinyc_heap_end);
        int pages = (int)((need + __TINYC_PAGE_SIZE - 1) / __TINYC_PAGE_SIZE);
        if (!__tinyc_grow_pages(pages))
            __lir_syscall_exit(127);
    }
    __tinyc_top->prev_size = 0;
    __tinyc_top->size = __tinyc_top_size();
}

/* Grows memory until the top block holds at least `need` bytes. */
static int __tinyc_grow_top(unsigned int need)
{
    unsigned int have = __tinyc_top_size();
    int pages;
    if (have >= need)
        return 1;
    pages = (int)((need - have + (__TINYC_PAGE_SIZE - 1)) / __TINYC_PAGE_SIZE);
    /* grow in steps of at least 1 MiB (16 pages) to keep grow calls rare */
    if (!(pages < 16 && __tinyc_grow_pages(16)) && !__tinyc_grow_pages(pages))
        return 0;
    __tinyc_top->size = __tinyc_top_size();
    return 1;
}

/* Request size (at most __TINYC_MAX_REQUEST) -> block size (header
   included, rounded, at least the minimum). */
static unsigned int __tinyc_block_size(size_t n)
{
    unsigned int s = ((unsigned int)n + __TINYC_HDR + 7u) & ~7u;
    return s < __TINYC_MIN_BLOCK ? __TINYC_MIN_BLOCK : s;
}

/* Finds a free block of at least `size` bytes in the bins, or NULL. */
static struct __tinyc_block *__tinyc_find_free(unsigned int size)
{
    int i = __tinyc_bin_index(size);
    struct __tinyc_block *b;
    /* In the power-of-two bins, blocks may be too small: first fit. */
    if (i >= __TINYC_SMALL_BINS) {
        for (b = __tinyc_bins[i]; b != NULL; b = b->next_free) {
            if (__tinyc_bsize(b) >= size)
                return b;
        }
        i++;
    }
    /* Any block in a later non-empty bin is big enough. */
    while (i < __TINYC_NBINS) {
        unsigned int m = __tinyc_binmap[i >> 5] & (~0u << (i & 31));
        if (m == 0) {
            i = (i | 31) + 1;
            continue;
        }
        i = i & ~31;
        while ((m & 1u) == 0) {
            m >>= 1;
            i++;
        }
        return __tinyc_bins[i];
    }
    return NULL;
}

/* Shrinks allocated block b to `size` bytes, freeing the rest if large enough. */
static void __tinyc_split(struct __tinyc_block *b, unsigned int size)
{
    unsigned int total = __tinyc_bsize(b);
    struct __tinyc_block *rest;
    struct __tinyc_block *after;
    if (total - size < __TINYC_MIN_BLOCK)
        return;
    rest = (struct __tinyc_block *)((char *)b + size);
    b->size = size | __TINYC_INUSE; /* b is allocated, so not top */
    rest->prev_size = size;
    after = (struct __tinyc_block *)((char *)rest + (total - size));
    if (after == __tinyc_top) {
        /* the remainder merges into top */
        __tinyc_top = rest;
        rest->size = __tinyc_top_size();
        return;
    }
    if ((after->size & __TINYC_INUSE) == 0) {
        /* merge the remainder with the free block after it */
        __tinyc_bin_remove(after);
        total += __tinyc_bsize(after);
    }
    __tinyc_set_size(rest, total - size, 0);
    __tinyc_bin_insert(rest);
}

/* Frees allocated block b into the bins, merging it with free neighbours. */
static void __tinyc_release(struct __tinyc_block *b)
{
    unsigned int size = __tinyc_bsize(b);
    struct __tinyc_block *next = (struct __tinyc_block *)((char *)b + size);
    /* merge with the block below if it is free */
    if (b->prev_size != 0) {
        struct __tinyc_block *prev = (struct __tinyc_block *)((char *)b - b->prev_size);
        if ((prev->size & __TINYC_INUSE) == 0) {
            __tinyc_bin_remove(prev);
            size += __tinyc_bsize(prev);
            b = prev;
        }
    }
    /* merge with the block above: top absorbs us, a free block is absorbed */
    if (next == __tinyc_top) {
        __tinyc_top = b;
        b->size = __tinyc_top_size();
        return;
    }
    if ((next->size & __TINYC_INUSE) == 0) {
        __tinyc_bin_remove(next);
        size += __tinyc_bsize(next);
    }
    __tinyc_set_size(b, size, 0);
    __tinyc_bin_insert(b);
}

/* Releases every cached block into the bins; says whether there were any. */
static int __tinyc_drain_caches(void)
{
    int i;
    if (!__tinyc_cached)
        return 0;
    for (i = 0; i < __TINYC_NCACHES; i++) {
        struct __tinyc_block *b = __tinyc_cache[i];
        __tinyc_cache[i] = NULL;
        while (b != NULL) {
            struct __tinyc_block *next = b->next_free;
            b->size &= ~__TINYC_CACHED;
            __tinyc_release(b);
            b = next;
        }
    }
    __tinyc_cached = 0;
    return 1;
}

/* malloc for a request no cache could serve. */
static void *__tinyc_malloc_slow(size_t n)
{
    unsigned int size;
    struct __tinyc_block *b;
    if (__tinyc_top == NULL)
        __tinyc_heap_init();
    if (n > __TINYC_MAX_REQUEST)
        return NULL;
    size = __tinyc_block_size(n);
    b = __tinyc_find_free(size);
    /* before carving from top, give the cached blocks back and look again */
    if (b == NULL && __tinyc_drain_caches())
        b = __tinyc_find_free(size);
    if (b != NULL) {
        __tinyc_bin_remove(b);
        b->size |= __TINYC_INUSE;
        __tinyc_split(b, size);
        return (char *)b + __TINYC_HDR;
    }
    /* carve from top, keeping top at least a minimum block */
    if (!__tinyc_grow_top(size + __TINYC_MIN_BLOCK))
        return NULL;
    b = __tinyc_top;
    __tinyc_top = (struct __tinyc_block *)((char *)b + size);
    __tinyc_top->prev_size = size;
    __tinyc_top->size = __tinyc_top_size();
    b->size = size | __TINYC_INUSE;
    return (char *)b + __TINYC_HDR;
}

void *malloc(size_t n)
{
    /* small: pop a cached block of exactly this size if there is one */
    if (n <= __TINYC_CACHE_MAX - __TINYC_HDR) {
        unsigned int size = __tinyc_block_size(n);
        struct __tinyc_block *b = __tinyc_cache[size >> 3];
        if (b != NULL) {
            __tinyc_cache[size >> 3] = b->next_free;
            b->size = size | __TINYC_INUSE;
            return (char *)b + __TINYC_HDR;
        }
    }
    return __tinyc_malloc_slow(n);
}

void free(void *p)
{
    struct __tinyc_block *b;
    unsigned int size;
    if (p == NULL)
        return;
    b = (struct __tinyc_block *)((char *)p - __TINYC_HDR);
    size = b->size;
    if ((size & 7u) != __TINYC_INUSE)
        return; /* free or cached already (a double free): ignore */
    if (size <= (__TINYC_CACHE_MAX | __TINYC_INUSE)) {
        /* small: push it onto the cache of its size */
        b->size = size | __TINYC_CACHED;
        b->next_free = __tinyc_cache[size >> 3];
        __tinyc_cache[size >> 3] = b;
        __tinyc_cached = 1;
        return;
    }
    __tinyc_release(b);
}

void *calloc(size_t count, size_t size)
{
    void *p;
    if (size != 0 && count > (size_t)__TINYC_MAX_REQUEST / size)
        return NULL;
    p = malloc(count * size);
    if (p != NULL)
        __lir_memory_fill(p, 0, count * size);
    return p;
}

void *realloc(void *p, size_t n)
{
    struct __tinyc_block *b;
    struct __tinyc_block *next;
    unsigned int size;
    unsigned int have;
    void *q;
    if (p == NULL)
        return malloc(n);
    /* n == 0 is left to the implementation by C; like wasi-libc's dlmalloc,
       shrink the block to the smallest size and return it (not NULL) */
    if (n > __TINYC_MAX_REQUEST)
        return NULL;
    b = (struct __tinyc_block *)((char *)p - __TINYC_HDR);
    size = __tinyc_block_size(n);
    have = __tinyc_bsize(b);
    if (have >= size) {
        __tinyc_split(b, size);
        return p;
    }
    next = (struct __tinyc_block *)((char *)b + have);
    if (next == __tinyc_top) {
        /* extend into top, growing memory if needed */
        if (__tinyc_grow_top(size - have + __TINYC_MIN_BLOCK)) {
            __tinyc_top = (struct __tinyc_block *)((char *)b + size);
            __tinyc_top->prev_size = size;
            __tinyc_top->size = __tinyc_top_size();
            b->size = size | __TINYC_INUSE;
            return p;
        }
    } else if ((next->size & __TINYC_INUSE) == 0 && have + __tinyc_bsize(next) >= size) {
        /* absorb the free block above, then give back what is not needed */
        __tinyc_bin_remove(next);
        __tinyc_set_size(b, have + __tinyc_bsize(next), __TINYC_INUSE);
        __tinyc_split(b, size);
        return p;
    }
    q = malloc(n);
    if (q == NULL)
        return NULL;
    __lir_memory_copy(q, p, have - __TINYC_HDR);
    free(p);
    return q;
}

/* ======================================================================
 * 6. Formatted output
 * ====================================================================== */

/* ---- 6a. Output sinks: stdout buffer, a file descriptor, or a string ---- */

#define __TINYC_SINK_STDOUT 0
#define __TINYC_SINK_FD 1
#define __TINYC_SINK_STRING 2

struct __tinyc_sink {
    int kind;
    int fd;          /* __TINYC_SINK_FD */
    char *str;       /* __TINYC_SINK_STRING: destination */
    size_t cap;      /* __TINYC_SINK_STRING: its size */
    size_t pos;      /* __TINYC_SINK_STRING: next index */
    char chunk[128]; /* __TINYC_SINK_FD: bytes not yet written */
    int chunk_len;
    int count;       /* characters produced so far */
};

static void __tinyc_sink_init(struct __tinyc_sink *s, int kind)
{
    s->kind = kind;
    s->fd = 1;
    s->str = NULL;
    s->cap = 0;
    s->pos = 0;
    s->chunk_len = 0;
    s->count = 0;
}

static void __tinyc_put(struct __tinyc_sink *s, int c)
{
    s->count++;
    if (s->kind == __TINYC_SINK_STDOUT) {
        __tinyc_stdout_byte(c);
    } else if (s->kind == __TINYC_SINK_FD) {
        if (s->chunk_len == (int)sizeof(s->chunk)) {
            __tinyc_write_all(s->fd, s->chunk, s->chunk_len);
            s->chunk_len = 0;
        }
        s->chunk[s->chunk_len++] = (char)c;
    } else {
        if (s->pos + 1 < s->cap)
            s->str[s->pos] = (char)c;
        s->pos++;
    }
}

/* Writes out what a sink still holds (and terminates strings). */
static void __tinyc_sink_finish(struct __tinyc_sink *s)
{
    if (s->kind == __TINYC_SINK_FD && s->chunk_len > 0) {
        __tinyc_write_all(s->fd, s->chunk, s->chunk_len);
        s->chunk_len = 0;
    } else if (s->kind == __TINYC_SINK_STRING && s->cap > 0) {
        s->str[s->pos < s->cap ? s->pos : s->cap - 1] = 0;
    }
}

static void __tinyc_put_n(struct __tinyc_sink *s, const char *p, int n)
{
    int i;
    if (s->kind == __TINYC_SINK_STDOUT) {
        s->count += n;
        __tinyc_stdout_bytes(p, (size_t)n);
        return;
    }
    for (i = 0; i < n; i++)
        __tinyc_put(s, p[i]);
}

static void __tinyc_pad(struct __tinyc_sink *s, int c, int n)
{
    while (n-- > 0)
        __tinyc_put(s, c);
}

/* One parsed conversion specification. */
struct __tinyc_spec {
    int left;  /* '-' */
    int plus;  /* '+' */
    int space; /* ' ' */
    int alt;   /* '#' */
    int zero;  /* '0' */
    int width; /* 0 if none */
    int prec;  /* -1 if none */
    int conv;  /* conversion character */
    int star_width; /* width given as '*' */
    int star_prec;  /* precision given as '*' */
};

/* Padding around a conversion: __tinyc_pad_before emits the left padding
   and the prefix (sign, "0x"), with zeros between them when the '0' flag
   applies (zero_ok); the caller then emits the body_len characters of the
   body and calls __tinyc_pad_after for the right padding of '-'. */
static void __tinyc_pad_before(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                               const char *prefix, int prefix_len, int body_len,
                               int zero_ok)
{
    int pad = sp->width - prefix_len - body_len;
    if (!sp->left && !(sp->zero && zero_ok))
        __tinyc_pad(s, ' ', pad);
    __tinyc_put_n(s, prefix, prefix_len);
    if (!sp->left && sp->zero && zero_ok)
        __tinyc_pad(s, '0', pad);
}

static void __tinyc_pad_after(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                              int prefix_len, int body_len)
{
    if (sp->left)
        __tinyc_pad(s, ' ', sp->width - prefix_len - body_len);
}

/* ---- 6b. Integer conversions: %d %i %u %x %X %o %p %c %s ---- */

/* Writes the digits of v in base (8, 10 or 16) backwards ending at end;
   returns the number of digits (none for 0). */
static int __tinyc_utoa(unsigned long long v, int base, int upper, char *end)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    unsigned int b = (unsigned int)base;
    while (v > 0xffffffffull) {
        *--end = digits[(int)(v % b)];
        v /= b;
        n++;
    }
    {
        unsigned int w = (unsigned int)v;
        while (w != 0) {
            *--end = digits[w % b];
            w /= b;
            n++;
        }
    }
    return n;
}

static void __tinyc_fmt_int(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                            unsigned long long v, int negative)
{
    char buf[24];
    char prefix[2];
    int prefix_len = 0;
    int base = 10;
    int upper = 0;
    int ndig;
    int zeros = 0;
    int prec = sp->prec;
    int c = sp->conv;

    if (c == 'x' || c == 'X' || c == 'p')
        base = 16;
    else if (c == 'o')
        base = 8;
    upper = c == 'X';
    ndig = __tinyc_utoa(v, base, upper, buf + sizeof(buf));

    if (c == 'd' || c == 'i') {
        if (negative)
            prefix[prefix_len++] = '-';
        else if (sp->plus)
            prefix[prefix_len++] = '+';
        else if (sp->space)
            prefix[prefix_len++] = ' ';
    } else if ((c == 'x' || c == 'X') && sp->alt && v != 0) {
        prefix[prefix_len++] = '0';
        prefix[prefix_len++] = (char)c;
    } else if (c == 'p' && v != 0) {
        /* as wasi-libc (musl): %p is %#x, so a null pointer prints 0 */
        prefix[prefix_len++] = '0';
        prefix[prefix_len++] = 'x';
    }

    if (prec < 0) {
        prec = 1;
        if (sp->zero && !sp->left && sp->width - prefix_len > 1)
            prec = sp->width - prefix_len;
    }
    if (c == 'o' && sp->alt && prec <= ndig)
        prec = ndig + 1; /* '#' with %o: the first digit must be 0 */
    if (prec > ndig)
        zeros = prec - ndig;
    __tinyc_pad_before(s, sp, prefix, prefix_len, zeros + ndig, 0);
    __tinyc_pad(s, '0', zeros);
    __tinyc_put_n(s, buf + sizeof(buf) - ndig, ndig);
    __tinyc_pad_after(s, sp, prefix_len, zeros + ndig);
}

static void __tinyc_fmt_str(struct __tinyc_sink *s, struct __tinyc_spec *sp, const char *str)
{
    int n = 0;
    if (str == NULL)
        str = (sp->prec < 0 || sp->prec >= 6) ? "(null)" : "";
    while (str[n] != 0 && (sp->prec < 0 || n < sp->prec))
        n++;
    __tinyc_pad_before(s, sp, "", 0, n, 0);
    __tinyc_put_n(s, str, n);
    __tinyc_pad_after(s, sp, 0, n);
}

static void __tinyc_fmt_char(struct __tinyc_sink *s, struct __tinyc_spec *sp, int c)
{
    char ch = (char)c;
    __tinyc_pad_before(s, sp, "", 0, 1, 0);
    __tinyc_put_n(s, &ch, 1);
    __tinyc_pad_after(s, sp, 0, 1);
}

/* ---- 6c. Exact decimal expansion of a double ----
 *
 * A finite double is m * 2^e with integer m < 2^53.  For e >= 0 its value
 * is the integer m * 2^e; for e < 0 it is (m * 5^-e) / 10^-e.  Either way
 * the value is N * 10^-k for an integer N, which is computed exactly in
 * base 10^9 limbs (at most 767 decimal digits) and then written out.
 * Rounding then works on exact digits, so every result is correctly
 * rounded (ties to even, as glibc does in the default rounding mode).
 */

#define __TINYC_LIMBS 96
#define __TINYC_DIGITS (__TINYC_LIMBS * 9 + 2)

static unsigned int __tinyc_limb[__TINYC_LIMBS];
static char __tinyc_dig[__TINYC_DIGITS];

/* limb[0..n) *= mul (mul < 2^32, so limb * mul + carry < 2^63); returns n. */
static int __tinyc_big_mul(int n, unsigned int mul)
{
    unsigned long long carry = 0;
    int i;
    for (i = 0; i < n; i++) {
        unsigned long long t = (unsigned long long)__tinyc_limb[i] * mul + carry;
        __tinyc_limb[i] = (unsigned int)(t % 1000000000u);
        carry = t / 1000000000u;
    }
    while (carry != 0) {
        __tinyc_limb[n++] = (unsigned int)(carry % 1000000000u);
        carry /= 1000000000u;
    }
    return n;
}

/* Expands |x| (finite, non-zero) into __tinyc_dig[0..n) with no leading or
   trailing zeros, so that |x| = 0.DIGITS * 10^(*point).  Returns n. */
static int __tinyc_decimal(double x, int *point)
{
    union {
        double d;
        unsigned long long u;
    } bits;
    unsigned long long m;
    int e;
    int k = 0;
    int n = 0;
    int nd = 0;
    int i;

    bits.d = x;
    m = bits.u & 0xfffffffffffffull;
    e = (int)((bits.u >> 52) & 0x7ff);
    if (e == 0) {
        e = -1074; /* subnormal */
    } else {
        m |= 0x10000000000000ull;
        e -= 1075;
    }
    while ((m & 1) == 0 && e < 0) {
        m >>= 1;
        e++;
    }

    while (m != 0) {
        __tinyc_limb[n++] = (unsigned int)(m % 1000000000u);
        m /= 1000000000u;
    }
    while (e > 0) {
        int step = e < 29 ? e : 29;
        n = __tinyc_big_mul(n, 1u << step);
        e -= step;
    }
    if (e < 0) {
        k = -e;
        while (e <= -13) {
            n = __tinyc_big_mul(n, 1220703125u); /* 5^13 */
            e += 13;
        }
        {
            unsigned int p = 1;
            while (e < 0) {
                p *= 5;
                e++;
            }
            n = __tinyc_big_mul(n, p);
        }
    }

    /* top limb without leading zeros, the others with exactly 9 digits */
    for (i = n - 1; i >= 0; i--) {
        char tmp[9];
        unsigned int v = __tinyc_limb[i];
        int j;
        for (j = 8; j >= 0; j--) {
            tmp[j] = (char)('0' + v % 10);
            v /= 10;
        }
        j = 0;
        if (i == n - 1) {
            while (j < 8 && tmp[j] == '0')
                j++;
        }
        for (; j < 9; j++)
            __tinyc_dig[nd++] = tmp[j];
    }
    *point = nd - k;
    while (nd > 0 && __tinyc_dig[nd - 1] == '0')
        nd--;
    return nd;
}

/* Rounds the digits d[0..n) (value 0.d * 10^point) to `keep` significant
   digits, half to even; returns the new digit count (trailing zeros
   dropped) and may increase *point when a carry ripples out. */
static int __tinyc_round(char *d, int n, int *point, int keep)
{
    int up;
    int i;
    if (keep >= n)
        return n;
    if (keep < 0)
        return 0;
    if (d[keep] > '5')
        up = 1;
    else if (d[keep] < '5')
        up = 0;
    else if (keep + 1 < n)
        up = 1; /* more non-zero digits follow (no trailing zeros) */
    else
        up = keep > 0 && ((d[keep - 1] - '0') & 1); /* exact tie */
    n = keep;
    if (up) {
        i = keep - 1;
        while (i >= 0 && d[i] == '9')
            i--;
        if (i < 0) {
            d[0] = '1';
            *point += 1;
            return 1;
        }
        d[i]++;
        return i + 1;
    }
    while (n > 0 && d[n - 1] == '0')
        n--;
    return n;
}

/* ---- 6d. %f %e %g %a ---- */

/* Digit number i of 0.d (zero outside d[0..n)). */
static int __tinyc_digit_at(const char *d, int n, int i)
{
    return (i >= 0 && i < n) ? d[i] : '0';
}

/* Fixed notation of 0.d * 10^point with prec digits after the point. */
static void __tinyc_emit_fixed(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                               const char *sign, int sign_len,
                               const char *d, int n, int point, int prec)
{
    int int_digits = point > 0 ? point : 1;
    int dot = prec > 0 || sp->alt;
    int body = int_digits + dot + prec;
    int i;
    __tinyc_pad_before(s, sp, sign, sign_len, body, 1);
    if (point > 0) {
        /* the integer digits: copy what exists, then zeros */
        int have = n < point ? n : point;
        __tinyc_put_n(s, d, have);
        __tinyc_pad(s, '0', point - have);
    } else {
        __tinyc_put(s, '0');
    }
    if (dot)
        __tinyc_put(s, '.');
    for (i = 0; i < prec; i++)
        __tinyc_put(s, __tinyc_digit_at(d, n, point + i));
    __tinyc_pad_after(s, sp, sign_len, body);
}

/* Exponential notation d.ddd e+XX of 0.d * 10^(exp+1). */
static void __tinyc_emit_exp(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                             const char *sign, int sign_len,
                             const char *d, int n, int exp, int prec, int upper)
{
    char ebuf[8];
    int elen = 0;
    int eabs = exp < 0 ? -exp : exp;
    int dot = prec > 0 || sp->alt;
    int body;
    int i;
    ebuf[elen++] = upper ? 'E' : 'e';
    ebuf[elen++] = exp < 0 ? '-' : '+';
    if (eabs >= 100)
        ebuf[elen++] = (char)('0' + eabs / 100);
    ebuf[elen++] = (char)('0' + eabs / 10 % 10);
    ebuf[elen++] = (char)('0' + eabs % 10);
    body = 1 + dot + prec + elen;
    __tinyc_pad_before(s, sp, sign, sign_len, body, 1);
    __tinyc_put(s, __tinyc_digit_at(d, n, 0));
    if (dot)
        __tinyc_put(s, '.');
    for (i = 1; i <= prec; i++)
        __tinyc_put(s, __tinyc_digit_at(d, n, i));
    __tinyc_put_n(s, ebuf, elen);
    __tinyc_pad_after(s, sp, sign_len, body);
}

/* %a / %A as wasi-libc (musl) prints them: the value normalized to 1.xxx
   (subnormals too) times a power of two, "0x0p+0" for zero; a precision
   rounds the hexadecimal fraction to that many digits, ties to even (the
   leading digit can become 2), without one all digits up to the last
   nonzero one are printed.  wasi-libc only rounds for precisions below 12
   (its limit is LDBL_MANT_DIG/4-1 computed for a 53-bit mantissa): "%.12a"
   prints all 13 digits of 0x1.0000000000001p+0, as larger precisions do
   (digits up to the last nonzero one, then zeros up to the precision). */
static void __tinyc_fmt_hexfloat(struct __tinyc_sink *s, struct __tinyc_spec *sp,
                                 const char *sign, int sign_len,
                                 unsigned long long u, int upper)
{
    const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char prefix[3];
    char body[64];
    char expo[8];
    int n = 0, elen = 0, zeros = 0, digits, i, e2 = 0;
    unsigned long long m = u & 0xfffffffffffffull;
    unsigned long long frac;
    int biased = (int)((u >> 52) & 0x7ff);
    int ae;

    if (biased != 0) {
        m |= 1ull << 52;
        e2 = biased - 1023;
    } else if (m != 0) {
        e2 = -1022;
        while (!(m >> 52)) {
            m <<= 1;
            e2--;
        }
    }
    if (sp->prec >= 0 && sp->prec < 12) {
        int drop = 52 - 4 * sp->prec;
        unsigned long long rem = m & ((1ull << drop) - 1);
        unsigned long long half = 1ull << (drop - 1);
        m >>= drop;
        if (rem > half || (rem == half && (m & 1)))
            m++;
        m <<= drop;
    }
    frac = m & 0xfffffffffffffull;
    if (sp->prec >= 0 && sp->prec < 12) {
        digits = sp->prec;
    } else {
        digits = 13;
        while (digits > 0 && ((frac >> (4 * (13 - digits))) & 15) == 0)
            digits--;
        if (sp->prec > digits)
            zeros = sp->prec - digits;
    }
    body[n++] = xd[m >> 52];
    if (digits > 0 || zeros > 0 || sp->alt)
        body[n++] = '.';
    for (i = 0; i < digits; i++)
        body[n++] = xd[(frac >> (48 - 4 * i)) & 15];
    ae = e2 < 0 ? -e2 : e2;
    expo[elen++] = upper ? 'P' : 'p';
    expo[elen++] = e2 < 0 ? '-' : '+';
    if (ae >= 1000)
        expo[elen++] = (char)('0' + ae / 1000);
    if (ae >= 100)
        expo[elen++] = (char)('0' + ae / 100 % 10);
    if (ae >= 10)
        expo[elen++] = (char)('0' + ae / 10 % 10);
    expo[elen++] = (char)('0' + ae % 10);
    for (i = 0; i < sign_len; i++)
        prefix[i] = sign[i];
    prefix[sign_len] = '0';
    prefix[sign_len + 1] = upper ? 'X' : 'x';
    __tinyc_pad_before(s, sp, prefix, sign_len + 2, n + zeros + elen, 1);
    __tinyc_put_n(s, body, n);
    __tinyc_pad(s, '0', zeros);
    __tinyc_put_n(s, expo, elen);
    __tinyc_pad_after(s, sp, sign_len + 2, n + zeros + elen);
}

static void __tinyc_fmt_double(struct __tinyc_sink *s, struct __tinyc_spec *sp, double x)
{
    union {
        double d;
        unsigned long long u;
    } bits;
    char sign[1];
    int sign_len = 0;
    int c = sp->conv;
    int upper = c == 'F' || c == 'E' || c == 'G' || c == 'A';
    int prec = sp->prec < 0 ? 6 : sp->prec;
    int n = 0;
    int point = 0;

    bits.d = x;
    if (bits.u >> 63)
        sign[sign_len++] = '-';
    else if (sp->plus)
        sign[sign_len++] = '+';
    else if (sp->space)
        sign[sign_len++] = ' ';

    if (((bits.u >> 52) & 0x7ff) == 0x7ff) {
        /* inf and nan: never zero-padded */
        const char *t;
        if ((bits.u & 0xfffffffffffffull) != 0)
            t = upper ? "NAN" : "nan";
        else
            t = upper ? "INF" : "inf";
        __tinyc_pad_before(s, sp, sign, sign_len, 3, 0);
        __tinyc_put_n(s, t, 3);
        __tinyc_pad_after(s, sp, sign_len, 3);
        return;
    }
    if (c == 'a' || c == 'A') {
        __tinyc_fmt_hexfloat(s, sp, sign, sign_len, bits.u, upper);
        return;
    }
    if ((bits.u << 1) != 0)
        n = __tinyc_decimal(x, &point);
    else
        point = 1; /* zero: exponent 0 */

    if (c == 'f' || c == 'F') {
        n = __tinyc_round(__tinyc_dig, n, &point, point + prec);
        __tinyc_emit_fixed(s, sp, sign, sign_len, __tinyc_dig, n, point, prec);
    } else if (c == 'e' || c == 'E') {
        n = __tinyc_round(__tinyc_dig, n, &point, prec + 1);
        __tinyc_emit_exp(s, sp, sign, sign_len, __tinyc_dig, n, point - 1, prec, upper);
    } else {
        /* %g: P significant digits; style chosen by the rounded exponent X */
        int p = prec == 0 ? 1 : prec;
        int exp;
        n = __tinyc_round(__tinyc_dig, n, &point, p);
        exp = point - 1;
        if (p > exp && exp >= -4) {
            int fprec = p - 1 - exp;
            if (!sp->alt) {
                /* drop trailing zeros: only the digits that exist remain */
                int used = n - point;
                fprec = used < 0 ? 0 : used;
            }
            __tinyc_emit_fixed(s, sp, sign, sign_len, __tinyc_dig, n, point, fprec);
        } else {
            int eprec = p - 1;
            if (!sp->alt)
                eprec = n > 1 ? n - 1 : 0;
            __tinyc_emit_exp(s, sp, sign, sign_len, __tinyc_dig, n, exp, eprec, upper);
        }
    }
}

/* ---- 6e. The format-string interpreter ---- */

#define __TINYC_LEN_NONE 0
#define __TINYC_LEN_HH 1
#define __TINYC_LEN_H 2
#define __TINYC_LEN_L 3
#define __TINYC_LEN_LL 4
#define __TINYC_LEN_Z 5

/* Parses flags, width, precision and length; returns the format after them.
   A '*' width or precision only sets star_width / star_prec: the caller
   fetches the argument, so that va_arg is used in one function only. */
static const char *__tinyc_parse_spec(const char *f, struct __tinyc_spec *sp, int *len)
{
    sp->left = sp->plus = sp->space = sp->alt = sp->zero = 0;
    sp->star_width = sp->star_prec = 0;
    sp->width = 0;
    sp->prec = -1;
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '+')
            sp->plus = 1;
        else if (*f == ' ')
            sp->space = 1;
        else if (*f == '#')
            sp->alt = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    if (*f == '*') {
        sp->star_width = 1;
        f++;
    } else {
        while (*f >= '0' && *f <= '9')
            sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->prec = 0;
        if (*f == '*') {
            sp->star_prec = 1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                sp->prec = sp->prec * 10 + (*f++ - '0');
        }
    }
    *len = __TINYC_LEN_NONE;
    if (*f == 'h') {
        f++;
        *len = __TINYC_LEN_H;
        if (*f == 'h') {
            f++;
            *len = __TINYC_LEN_HH;
        }
    } else if (*f == 'l') {
        f++;
        *len = __TINYC_LEN_L;
        if (*f == 'l') {
            f++;
            *len = __TINYC_LEN_LL;
        }
    } else if (*f == 'j' || *f == 'q') {
        f++;
        *len = __TINYC_LEN_LL;
    } else if (*f == 'z' || *f == 't') {
        f++;
        *len = __TINYC_LEN_Z;
    } else if (*f == 'L') {
        f++;
    }
    return f;
}

/* Formats fmt with the arguments in ap into sink s; returns the length. */
static int __tinyc_vformat(struct __tinyc_sink *s, const char *fmt, va_list ap)
{
    struct __tinyc_spec spec;
    int len;
    while (*fmt) {
        const char *start;
        int c;
        if (*fmt != '%') {
            /* copy the literal run up to the next '%' in one go */
            start = fmt;
            while (*fmt && *fmt != '%')
                fmt++;
            __tinyc_put_n(s, start, (int)(fmt - start));
            continue;
        }
        start = fmt;
        fmt = __tinyc_parse_spec(fmt + 1, &spec, &len);
        if (spec.star_width) {
            spec.width = va_arg(ap, int);
            if (spec.width < 0) {
                spec.left = 1;
                spec.width = -spec.width;
            }
        }
        if (spec.star_prec) {
            spec.prec = va_arg(ap, int);
            if (spec.prec < 0)
                spec.prec = -1;
        }
        c = *fmt;
        if (c == 0)
            break;
        fmt++;
        spec.conv = c;
        switch (c) {
        case 'd':
        case 'i': {
            long long v;
            if (len == __TINYC_LEN_LL)
                v = va_arg(ap, long long);
            else if (len == __TINYC_LEN_L)
                v = va_arg(ap, long);
            else if (len == __TINYC_LEN_Z)
                v = va_arg(ap, ptrdiff_t);
            else if (len == __TINYC_LEN_H)
                v = (short)va_arg(ap, int);
            else if (len == __TINYC_LEN_HH)
                v = (signed char)va_arg(ap, int);
            else
                v = va_arg(ap, int);
            if (v < 0)
                __tinyc_fmt_int(s, &spec, 0ull - (unsigned long long)v, 1);
            else
                __tinyc_fmt_int(s, &spec, (unsigned long long)v, 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            unsigned long long v;
            if (len == __TINYC_LEN_LL)
                v = va_arg(ap, unsigned long long);
            else if (len == __TINYC_LEN_L)
                v = va_arg(ap, unsigned long);
            else if (len == __TINYC_LEN_Z)
                v = va_arg(ap, size_t);
            else if (len == __TINYC_LEN_H)
                v = (unsigned short)va_arg(ap, unsigned int);
            else if (len == __TINYC_LEN_HH)
                v = (unsigned char)va_arg(ap, unsigned int);
            else
                v = va_arg(ap, unsigned int);
            __tinyc_fmt_int(s, &spec, v, 0);
            break;
        }
        case 'p': {
            void *ptr = va_arg(ap, void *);
            __tinyc_fmt_int(s, &spec, (unsigned long long)(uintptr_t)ptr, 0);
            break;
        }
        case 'c':
            __tinyc_fmt_char(s, &spec, va_arg(ap, int));
            break;
        case 's':
            __tinyc_fmt_str(s, &spec, va_arg(ap, const char *));
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            __tinyc_fmt_double(s, &spec, va_arg(ap, double));
            break;
        case '%':
            __tinyc_put(s, '%');
            break;
        default:
            /* unknown conversion: print it as written */
            __tinyc_put_n(s, start, (int)(fmt - start));
            break;
        }
    }
    __tinyc_sink_finish(s);
    return s->count;
}

int vprintf(const char *fmt, va_list ap)
{
    struct __tinyc_sink s;
    __tinyc_sink_init(&s, __TINYC_SINK_STDOUT);
    return __tinyc_vformat(&s, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vfprintf(struct __tinyc_file *f, const char *fmt, va_list ap)
{
    struct __tinyc_sink s;
    if (f->fd == 1) {
        __tinyc_sink_init(&s, __TINYC_SINK_STDOUT);
    } else {
        __tinyc_sink_init(&s, __TINYC_SINK_FD);
        s.fd = f->fd;
    }
    return __tinyc_vformat(&s, fmt, ap);
}

int fprintf(struct __tinyc_file *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct __tinyc_sink s;
    __tinyc_sink_init(&s, __TINYC_SINK_STRING);
    s.str = buf;
    s.cap = size;
    return __tinyc_vformat(&s, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, (size_t)INT_MAX, fmt, ap);
    va_end(ap);
    return n;
}

/* ======================================================================
 * 7. Miscellaneous
 * ====================================================================== */

/* Leading white space, an optional sign, decimal digits; a value that does not fit
   wraps (modulo 2^64, so its low 32 bits are what a 32-bit loop would give). */
long long atoll(const char *s)
{
    unsigned long long v = 0;
    int neg = 0;
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    while (*s >= '0' && *s <= '9')
        v = v * 10u + (unsigned long long)(*s++ - '0');
    return (long long)(neg ? 0u - v : v);
}

int atoi(const char *s)
{
    return (int)atoll(s);
}

int abs(int n)
{
    return n < 0 ? -n : n;
}

long labs(long n)
{
    return n < 0 ? -n : n;
}

long atol(const char *s)
{
    return (long)atoll(s);
}

long long llabs(long long n)
{
    return n < 0 ? -n : n;
}

/* rand and srand as wasi-libc (musl) computes them, so that programs print the
   same numbers: a 64-bit LCG, the high 31 bits of each state. */
static unsigned long long __tinyc_rand_state = 0;

void srand(unsigned int seed)
{
    __tinyc_rand_state = (unsigned long long)seed - 1u;
}

int rand(void)
{
    __tinyc_rand_state = 6364136223846793005ULL * __tinyc_rand_state + 1u;
    return (int)(__tinyc_rand_state >> 33);
}

/* <ctype.h> in the C locale. */
int isdigit(int c) { return (unsigned int)c - '0' < 10u; }
int isalpha(int c) { return ((unsigned int)c | 32u) - 'a' < 26u; }
int isalnum(int c) { return isalpha(c) || isdigit(c); }
int isupper(int c) { return (unsigned int)c - 'A' < 26u; }
int islower(int c) { return (unsigned int)c - 'a' < 26u; }
int isxdigit(int c) { return isdigit(c) || ((unsigned int)c | 32u) - 'a' < 6u; }
int isspace(int c) { return c == ' ' || (unsigned int)c - '\t' < 5u; }
int isprint(int c) { return (unsigned int)c - 0x20u < 0x5fu; }
int isgraph(int c) { return (unsigned int)c - 0x21u < 0x5eu; }
int iscntrl(int c) { return (unsigned int)c < 0x20u || c == 0x7f; }
int isblank(int c) { return c == ' ' || c == '\t'; }
int ispunct(int c) { return isprint(c) && !isalnum(c) && c != ' '; }
int toupper(int c) { return islower(c) ? c & 0x5f : c; }
int tolower(int c) { return isupper(c) ? c | 32 : c; }

void exit(int status)
{
    __tinyc_flush();
    __lir_syscall_exit(status);
}

double sqrt(double x)
{
    return __lir_sqrt(x);
}

double fabs(double x)
{
    return __lir_fabs(x);
}

double floor(double x)
{
    return __lir_floor(x);
}

double ceil(double x)
{
    return __lir_ceil(x);
}
