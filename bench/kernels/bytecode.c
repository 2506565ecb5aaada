/* bytecode: a tiny stack-VM interpreter with a switch dispatch loop. */
#include <stdio.h>
#include <stdint.h>

enum { HALT, PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, AND, LT, JZ, JMP };

/* i = 0; acc = 0; while (i < n) { acc = (acc + i * i) ^ (i & 255); i = i + 1; } */
static const int program[] = {
    PUSH, 0, STORE, 0,             /*  0: i = 0 */
    PUSH, 0, STORE, 1,             /*  4: acc = 0 */
    LOAD, 0, LOAD, 2, LT, JZ, 40,  /*  8: while (i < n) */
    LOAD, 1, LOAD, 0, LOAD, 0, MUL, ADD, /* 15: acc + i * i */
    LOAD, 0, PUSH, 255, AND, XOR, STORE, 1, /* 23: ^ (i & 255) -> acc */
    LOAD, 0, PUSH, 1, ADD, STORE, 0, /* 31: i = i + 1 */
    JMP, 8,                        /* 38 */
    HALT,                          /* 40 */
};

static uint32_t stack[256];
static int sp;
static uint32_t vars[8];

static void push(uint32_t v) {
    stack[sp] = v;
    sp = sp + 1;
}

static uint32_t pop(void) {
    sp = sp - 1;
    return stack[sp];
}

static int fetch(int pc) { return program[pc]; }
/* Same body as fetch; the LIR version calls both. */
static int operand(int pc) { return program[pc]; }

static uint32_t run(void) {
    int pc = 0;
    int running = 1;
    uint32_t steps = 0;
    while (running) {
        int op = fetch(pc);
        uint32_t a;
        uint32_t b;
        pc = pc + 1;
        steps = steps + 1;
        switch (op) {
        case HALT:
            running = 0;
            break;
        case PUSH:
            push((uint32_t)operand(pc));
            pc = pc + 1;
            break;
        case LOAD:
            push(vars[operand(pc)]);
            pc = pc + 1;
            break;
        case STORE:
            vars[operand(pc)] = pop();
            pc = pc + 1;
            break;
        case ADD:
            b = pop();
            a = pop();
            push(a + b);
            break;
        case SUB:
            b = pop();
            a = pop();
            push(a - b);
            break;
        case MUL:
            b = pop();
            a = pop();
            push(a * b);
            break;
        case XOR:
            b = pop();
            a = pop();
            push(a ^ b);
            break;
        case AND:
            b = pop();
            a = pop();
            push(a & b);
            break;
        case LT:
            b = pop();
            a = pop();
            push((int32_t)a < (int32_t)b);
            break;
        case JZ:
            a = pop();
            if (a == 0) {
                pc = operand(pc);
            } else {
                pc = pc + 1;
            }
            break;
        case JMP:
            pc = operand(pc);
            break;
        default:
            running = 0;
            break;
        }
    }
    return steps;
}

int main(void) {
    uint32_t n = 15000 * 1000;
    uint32_t steps;
    vars[2] = n;
    steps = run();
    printf("steps: %u\n", steps);
    printf("result: %u\n", vars[1]);
    return 0;
}
