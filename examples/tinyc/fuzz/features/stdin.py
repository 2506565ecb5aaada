"""Reading standard input with `getchar` until EOF (or a limit), counting, parsing
numbers and collecting lines in a growing buffer.  run.py feeds every build the same
input, made from the seed by `input_for`; reading past EOF keeps returning EOF.
"""
import random


def input_for(seed):
    """The bytes run.py gives the program of SEED on standard input."""
    r = random.Random(seed * 7919 + 17)
    k = r.random()
    if k < 0.1:
        return b""
    n = r.randint(1, 300) if k < 0.8 else r.randint(3000, 9000)  # the library reads 4 KiB blocks
    alphabet = b"abcxyzABC0123456789      \n\n\t-+.,;%"
    if r.random() < 0.3:
        alphabet += bytes([0, 1, 127, 128, 200, 255])
    return bytes(r.choice(alphabet) for _ in range(n))


def count(g, scope, ind):
    """Bytes, lines, words and a hash of (at most N) characters."""
    r = g.rng
    limit = r.choice(["", f" && n < {r.randint(1, 500)}L"])
    lines = [
        "{ int c, lines = 0, words = 0, inword = 0, high = 0; long n = 0; unsigned long long h = 0;",
        f"  while ((c = getchar()) != EOF{limit}) {{",
        "    n++; h = h * 131u + (unsigned)c; if (c == '\\n') lines++; if (c > 127) high++;",
        "    if (c == ' ' || c == '\\n' || c == '\\t') inword = 0; else if (!inword) { inword = 1; words++; }",
        "  }",
        "  printf(\"in %ld %d %d %d %llu last=%d\\n\", n, lines, words, high, h, c);",
        "}",
    ]
    return [ind + x for x in lines]


def numbers(g, scope, ind):
    """Unsigned decimal numbers (wrapping) and their sum, up to a count."""
    r = g.rng
    lines = [
        "{ int c, cnt = 0, have = 0; unsigned cur = 0; unsigned long long sum = 0;",
        f"  while (cnt < {r.randint(1, 50)} && (c = getchar()) != EOF) {{",
        "    if (c >= '0' && c <= '9') { cur = cur * 10u + (unsigned)(c - '0'); have = 1; }",
        "    else if (have) { sum += cur; cnt++; cur = 0; have = 0; }",
        "  }",
        "  printf(\"nums %d %llu %u\\n\", cnt, sum, cur);",
        "}",
    ]
    return [ind + x for x in lines]


def line_buffer(g, scope, ind):
    """One line read into a buffer grown by realloc, printed forwards and backwards."""
    lines = [
        "{ size_t cap = 4, len = 0; char *buf = (char *)malloc(cap); int c = 0;",
        "  while (buf && (c = getchar()) != EOF && c != '\\n') {",
        "    if (len + 1 == cap) { char *nb = (char *)realloc(buf, cap * 2); if (!nb) break; buf = nb; cap *= 2; }",
        "    buf[len++] = (char)c;",
        "  }",
        "  if (buf) { buf[len] = 0; printf(\"line %zu [%s] \", len, buf);",
        "    for (size_t i = 0; i < len / 2; i++) { char t = buf[i]; buf[i] = buf[len - 1 - i]; buf[len - 1 - i] = t; }",
        "    printf(\"[%.20s] %d\\n\", buf, c == EOF); free(buf); }",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [count, numbers, line_buffer]
