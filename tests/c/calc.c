/* calc: a recursive-descent calculator over stdin, one expression per
   line, reading characters with getchar. Supports + - * / % ( ), unary
   minus, variables a-z with '=' assignment. */
#include <stdio.h>

static int ch;            /* current character */
static long long vars[26];
static int error;

static void next(void)
{
    ch = getchar();
}

static void skip_spaces(void)
{
    while (ch == ' ' || ch == '\t')
        next();
}

static long long expr(void);

static long long primary(void)
{
    long long v = 0;
    skip_spaces();
    if (ch == '(') {
        next();
        v = expr();
        skip_spaces();
        if (ch != ')')
            error = 1;
        else
            next();
        return v;
    }
    if (ch == '-') {
        next();
        return -primary();
    }
    if (ch >= 'a' && ch <= 'z') {
        int var = ch - 'a';
        next();
        skip_spaces();
        if (ch == '=') {
            next();
            vars[var] = expr();
        }
        return vars[var];
    }
    if (ch < '0' || ch > '9') {
        error = 1;
        return 0;
    }
    while (ch >= '0' && ch <= '9') {
        v = v * 10 + (ch - '0');
        next();
    }
    return v;
}

static long long term(void)
{
    long long v = primary();
    for (;;) {
        int op;
        long long r;
        skip_spaces();
        if (ch != '*' && ch != '/' && ch != '%')
            return v;
        op = ch;
        next();
        r = primary();
        if (op == '*')
            v *= r;
        else if (r == 0)
            error = 2;
        else if (op == '/')
            v /= r;
        else
            v %= r;
    }
}

static long long expr(void)
{
    long long v = term();
    for (;;) {
        int op;
        skip_spaces();
        if (ch != '+' && ch != '-')
            return v;
        op = ch;
        next();
        if (op == '+')
            v += term();
        else
            v -= term();
    }
}

int main(void)
{
    int line = 0;
    next();
    while (ch != EOF) {
        long long v;
        line++;
        error = 0;
        skip_spaces();
        if (ch == '\n') {
            next();
            continue;
        }
        v = expr();
        skip_spaces();
        if (ch != '\n' && ch != EOF)
            error = 1;
        while (ch != '\n' && ch != EOF)
            next();
        if (error == 1)
            printf("line %d: syntax error\n", line);
        else if (error == 2)
            printf("line %d: division by zero\n", line);
        else
            printf("%lld\n", v);
        if (ch == '\n')
            next();
    }
    return 0;
}
