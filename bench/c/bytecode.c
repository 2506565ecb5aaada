// small: 1000
/* bytecode: a switch-dispatch stack-machine interpreter running a small
   program (nested loops computing a sum of gcds) N times.
   Usage: bytecode [N]   (default 10000) */
#include <stdio.h>
#include <stdlib.h>

enum {
    OP_PUSH, /* push imm */
    OP_LOAD, /* push local[imm] */
    OP_STORE, /* local[imm] = pop */
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_MOD,
    OP_LT,   /* push a < b */
    OP_JMP,  /* pc = imm */
    OP_JZ,   /* if pop == 0: pc = imm */
    OP_DUP,
    OP_POP,
    OP_HALT
};

/* locals: 0 = i, 1 = j, 2 = a, 3 = b, 4 = t, 5 = sum, 6 = limit
     sum = 0;
     for (i = 1; i < limit; i++)
         for (j = 1; j < limit; j++) {
             a = i; b = j;
             while (b) { t = a % b; a = b; b = t; }
             sum += a;
         }
   The numbers on the right are the offsets of each line's first word. */
#define L_OUTER 8
#define L_INNER 19
#define L_GCD 34
#define L_GCD_DONE 55
#define L_INNER_DONE 71
#define L_END 80
static const int code[] = {
    OP_PUSH, 0, OP_STORE, 5,                       /*  0: sum = 0 */
    OP_PUSH, 1, OP_STORE, 0,                       /*  4: i = 1 */
    OP_LOAD, 0, OP_LOAD, 6, OP_LT, OP_JZ, L_END,   /*  8: while (i < limit) */
    OP_PUSH, 1, OP_STORE, 1,                       /* 15: j = 1 */
    OP_LOAD, 1, OP_LOAD, 6, OP_LT, OP_JZ, L_INNER_DONE, /* 19: while (j < limit) */
    OP_LOAD, 0, OP_STORE, 2,                       /* 26: a = i */
    OP_LOAD, 1, OP_STORE, 3,                       /* 30: b = j */
    OP_LOAD, 3, OP_JZ, L_GCD_DONE,                 /* 34: while (b) */
    OP_LOAD, 2, OP_LOAD, 3, OP_MOD, OP_STORE, 4,   /* 38: t = a % b */
    OP_LOAD, 3, OP_STORE, 2,                       /* 45: a = b */
    OP_LOAD, 4, OP_STORE, 3,                       /* 49: b = t */
    OP_JMP, L_GCD,                                 /* 53 */
    OP_LOAD, 5, OP_LOAD, 2, OP_ADD, OP_STORE, 5,   /* 55: sum += a */
    OP_LOAD, 1, OP_PUSH, 1, OP_ADD, OP_STORE, 1,   /* 62: j++ */
    OP_JMP, L_INNER,                               /* 69 */
    OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_STORE, 0,   /* 71: i++ */
    OP_JMP, L_OUTER,                               /* 78 */
    OP_HALT                                        /* 80 */
};

static int run(const int *code, int limit, long long *steps)
{
    int stack[64];
    int locals[8] = {0};
    int sp = 0, pc = 0;
    long long n = 0;
    locals[6] = limit;
    for (;;) {
        int op = code[pc++];
        n++;
        switch (op) {
        case OP_PUSH:
            stack[sp++] = code[pc++];
            break;
        case OP_LOAD:
            stack[sp++] = locals[code[pc++]];
            break;
        case OP_STORE:
            locals[code[pc++]] = stack[--sp];
            break;
        case OP_ADD:
            sp--;
            stack[sp - 1] += stack[sp];
            break;
        case OP_SUB:
            sp--;
            stack[sp - 1] -= stack[sp];
            break;
        case OP_MUL:
            sp--;
            stack[sp - 1] *= stack[sp];
            break;
        case OP_MOD:
            sp--;
            stack[sp - 1] %= stack[sp];
            break;
        case OP_LT:
            sp--;
            stack[sp - 1] = stack[sp - 1] < stack[sp];
            break;
        case OP_JMP:
            pc = code[pc];
            break;
        case OP_JZ:
            if (stack[--sp] == 0)
                pc = code[pc];
            else
                pc++;
            break;
        case OP_DUP:
            stack[sp] = stack[sp - 1];
            sp++;
            break;
        case OP_POP:
            sp--;
            break;
        case OP_HALT:
            *steps += n;
            return locals[5];
        default:
            printf("bad opcode %d at %d\n", op, pc - 1);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int rep;
    long long steps = 0, total = 0;
    if (code[L_END] != OP_HALT || code[L_GCD_DONE] != OP_LOAD) {
        printf("bad program layout\n");
        return 1;
    }
    for (rep = 0; rep < n; rep++)
        total += run(code, 20 + rep % 7, &steps);
    printf("runs=%d total=%lld steps=%lld\n", n, total, steps);
    return 0;
}
