"""Feature blocks that gen_c.py mixes into `main`: one module per group of constructs.

Each module exposes `BLOCKS`, a list of functions `block(g, scope, ind) -> lines`.
A block is a self-contained statement (usually a `{ ... }` compound) that prints what
it computes; it may call `g.once(key, lines)` to add file-scope definitions it needs
(types, helper functions), emitted once before `main`.  `g.seed_expr(scope)` gives an
`unsigned` expression built from the program's variables, so the values a block works
on are data-dependent and not only folded at compile time.  Blocks must stay free of
undefined behaviour and of output C leaves open (addresses, NaN signs).
"""
from . import addr, floats, fmt, fptr, heap, misc, ptrs, pun, stdin

MODULES = [heap, ptrs, pun, fptr, floats, fmt, stdin, misc, addr]


def pick_block(rng):
    """A random block generator, every module equally likely."""
    return rng.choice(rng.choice(MODULES).BLOCKS)
