/* Native implementation of the __lir_* built-ins tinyc's libc uses, over
   POSIX.  Linear memory is emulated by a region reserved at a fixed low
   address, so that "pages * 65536" is a real address as it is in wasm32.
   Writes to fd 1 can be captured into a buffer for the tests. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef __wasm__
#include <sys/mman.h>
#endif
#include <unistd.h>

#define MEM_BASE 0x40000000UL
#define MEM_RESERVE (1UL << 30) /* 1 GiB */
#define PAGE 65536UL

static unsigned long committed;  /* bytes of "linear memory" above MEM_BASE */
static int mem_ready;
unsigned long shim_max_pages = MEM_RESERVE / PAGE;

static char *capture_buf;
static size_t capture_len, capture_cap;
static int capturing;

#ifdef __wasm__
/* wasm32 (run.sh --wasm): wasi-libc's own malloc owns memory.grow, so the
   emulated linear memory is a 64 KiB-aligned static array instead. */
#undef MEM_BASE
#undef MEM_RESERVE
#define MEM_RESERVE (48UL << 20)
static char wasm_mem[MEM_RESERVE] __attribute__((aligned(65536)));
#define MEM_BASE ((unsigned long)wasm_mem)
static void mem_init(void)
{
    if (mem_ready)
        return;
    shim_max_pages = MEM_RESERVE / PAGE;
    committed = 2 * PAGE;
    mem_ready = 1;
}
#else
static void mem_init(void)
{
    void *p;
    if (mem_ready)
        return;
    p = mmap((void *)MEM_BASE, MEM_RESERVE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)MEM_BASE) {
        perror("shim: mmap at fixed address");
        _exit(99);
    }
    committed = 2 * PAGE; /* pretend data + stack use the start of it */
    mem_ready = 1;
}
#endif

int __lir_memory_size(void)
{
    mem_init();
    return (int)((MEM_BASE + committed) / PAGE);
}

int __lir_memory_grow(int pages)
{
    int old = __lir_memory_size();
    if (pages < 0 || committed / PAGE + (unsigned long)pages > shim_max_pages)
        return -1;
    committed += (unsigned long)pages * PAGE;
    return old;
}

void *__lir_heap_base(void)
{
    mem_init();
    return (void *)(MEM_BASE + 4660); /* deliberately not 8-aligned */
}

void __lir_memory_copy(void *dst, const void *src, unsigned long n) { memmove(dst, src, n); }
void __lir_memory_fill(void *dst, int byte, unsigned long n) { memset(dst, byte, n); }
double __lir_sqrt(double x) { return sqrt(x); }
double __lir_fabs(double x) { return fabs(x); }
double __lir_floor(double x) { return floor(x); }
double __lir_ceil(double x) { return ceil(x); }

int __lir_syscall_read(int fd, void *buf, int len) { return (int)read(fd, buf, (size_t)len); }

int __lir_syscall_write(int fd, const void *buf, int len)
{
    if (fd == 1 && capturing) {
        /* exercise the short-write retry path now and then */
        if (len > 7 && (len & 1))
            len -= 3;
        if (capture_len + (size_t)len + 1 > capture_cap) {
            capture_cap = (capture_len + (size_t)len + 1) * 2;
            capture_buf = realloc(capture_buf, capture_cap);
        }
        memcpy(capture_buf + capture_len, buf, (size_t)len);
        capture_len += (size_t)len;
        capture_buf[capture_len] = 0;
        return len;
    }
    return (int)write(fd, buf, (size_t)len);
}

void __lir_syscall_exit(int code) { _exit(code); }

/* Test helpers. */
void shim_capture_begin(void)
{
    capturing = 1;
    capture_len = 0;
    if (capture_buf)
        capture_buf[0] = 0;
}

const char *shim_capture_end(size_t *len)
{
    capturing = 0;
    *len = capture_len;
    return capture_buf ? capture_buf : "";
}

/* When a whole program is linked against tinyc's libc (corpus.sh), flush
   its stdout buffer at normal exit as tinyc's entry code does. */
void __tinyc_flush(void);
__attribute__((destructor)) static void shim_flush_at_exit(void)
{
    __tinyc_flush();
}
