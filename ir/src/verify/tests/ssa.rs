//! Tests of the SSA rules: definitions dominate uses, order within a block, block
//! arguments as uses at the end of the predecessor, unreachable blocks, and values
//! that are not defined in the function body.

use super::*;

#[test]
fn use_before_definition_in_a_block() {
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let one = b.i32(1);
    let add = b.effect(
        entry,
        InstKind::Binary {
            op: BinaryOp::Add,
            args: [one, one],
        },
    );
    let x = b.binary(entry, BinaryOp::Mul, one, one);
    b.name(x, "x");
    b.f.insts[add].kind = InstKind::Binary {
        op: BinaryOp::Add,
        args: [x, one],
    };
    b.f.insts[add].results = Default::default();
    b.ret(entry, &[x]);
    // The add now defines nothing and uses %x before the mul defines it.
    let errors = messages(&module_of([b.f]));
    assert!(
        errors
            .iter()
            .any(|e| e.ends_with("uses %x before its definition")),
        "{errors:#?}"
    );
}

#[test]
fn an_instruction_cannot_use_its_own_result() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let one = b.i32(1);
    let inst = b.effect(
        entry,
        InstKind::Binary {
            op: BinaryOp::Add,
            args: [one, one],
        },
    );
    let r = b.f.values.push(crate::function::ValueData {
        ty: I32,
        def: crate::function::ValueDef::Result(inst, 0),
        name: Some("r".into()),
    });
    b.f.insts[inst].results.push(r);
    b.f.insts[inst].kind = InstKind::Binary {
        op: BinaryOp::Add,
        args: [r, one],
    };
    b.ret(entry, &[]);
    assert_single_error(&module_of([b.f]), "uses its own result %r");
}

/// entry → (left | right) → join; returns the function, the blocks and a value
/// defined in `left`.
fn diamond() -> (Build, [Block; 4], Value) {
    let mut b = Build::new("f", &[I32], &[I32]);
    let c = b.param(0);
    let (entry, left, right, join) = (
        b.block(),
        b.named_block("left"),
        b.named_block("right"),
        b.named_block("join"),
    );
    b.br_if(entry, c, left, right);
    let one = b.i32(1);
    let l = b.binary(left, BinaryOp::Add, c, one);
    b.name(l, "l");
    (b, [entry, left, right, join], l)
}

#[test]
fn definitions_must_dominate_uses() {
    let (mut b, [_, left, right, join], l) = diamond();
    b.jump(left, join, &[]);
    b.jump(right, join, &[]);
    b.ret(join, &[l]);
    let module = module_of([b.f]);
    assert_single_error(
        &module,
        "uses %l, but its definition in block left does not dominate this use",
    );
    assert_error(&module, "in @f, block join, at `");
}

#[test]
fn block_arguments_are_uses_at_the_end_of_the_predecessor() {
    // Passing %l from `left` is fine; passing it from `right` is not.
    let (mut b, [_, left, right, join], l) = diamond();
    let p = b.block_param(join, I32);
    b.jump(left, join, &[l]);
    let zero = b.i32(0);
    b.jump(right, join, &[zero]);
    b.ret(join, &[p]);
    assert_valid(&module_of([b.f]));

    let (mut b, [_, left, right, join], l) = diamond();
    let p = b.block_param(join, I32);
    b.jump(left, join, &[l]);
    b.jump(right, join, &[l]);
    b.ret(join, &[p]);
    assert_single_error(&module_of([b.f]), "block right, at `");
}

#[test]
fn loops_pass_values_around_the_back_edge() {
    // The sample's @sum passes %i2 (defined in `body`) back to `loop`; break it by
    // making the entry pass a value of `body`.
    let module = sample_module();
    assert_valid(&module);
    let mut module = module;
    let sum = module.func_by_name("sum").unwrap();
    let f = &mut module.funcs[sum];
    let entry = f.layout[0];
    let body = f.layout[2];
    let i2 = f.insts[f.blocks[body].insts[5]].results[0];
    let jump = f.blocks[entry].insts[0];
    if let InstKind::Jump { dest } = &mut f.insts[jump].kind {
        dest.args[0] = i2;
    }
    assert_single_error(&module, "in @sum, block bb0");
    assert_error(
        &module,
        "but its definition in block body does not dominate this use",
    );
}

#[test]
fn block_parameters_are_defined_at_the_block_start() {
    let (mut b, [_, left, right, join], _) = diamond();
    let p = b.block_param(join, I32);
    b.name(p, "p");
    let zero = b.i32(0);
    b.jump(left, join, &[zero]);
    b.jump(right, join, &[p]); // `join`'s parameter used in `right`
    b.ret(join, &[p]);
    assert_single_error(
        &module_of([b.f]),
        "uses %p, but its definition in block join does not dominate this use",
    );
}

#[test]
fn unreachable_blocks_may_use_values_of_other_blocks() {
    let (mut b, [_, left, right, join], l) = diamond();
    let dead = b.named_block("dead");
    let dead2 = b.named_block("dead2");
    b.jump(left, join, &[]);
    b.jump(right, join, &[]);
    b.ret(join, &[l]); // error: left does not dominate join
    let d = b.binary(dead, BinaryOp::Add, l, l); // fine: unreachable
    b.jump(dead, dead2, &[]);
    let e = b.binary(dead2, BinaryOp::Add, d, l); // fine: unreachable, other block
    b.ret(dead2, &[e]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("block join"));
}

#[test]
fn unreachable_blocks_keep_order_within_the_block() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let dead = b.named_block("dead");
    b.ret(entry, &[]);
    let one = b.i32(1);
    b.binary(dead, BinaryOp::Add, one, one);
    let x = b.binary(dead, BinaryOp::Add, one, one);
    b.name(x, "x");
    b.ret(dead, &[]);
    let first = b.f.blocks[dead].insts[0];
    b.f.insts[first].kind = InstKind::Binary {
        op: BinaryOp::Add,
        args: [x, one],
    };
    let module = module_of([b.f]);
    assert_single_error(&module, "uses %x before its definition");
    assert_error(&module, "in @f, block dead, at `");
}

#[test]
fn values_of_unreachable_blocks_do_not_reach_reachable_ones() {
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let dead = b.named_block("dead");
    let one = b.i32(1);
    let x = b.binary(dead, BinaryOp::Add, one, one);
    b.name(x, "x");
    b.ret(dead, &[x]);
    b.ret(entry, &[x]);
    let module = module_of([b.f]);
    assert_single_error(
        &module,
        "uses %x, but its definition in block dead does not dominate this use",
    );
    assert_error(&module, "in @f, block bb0, at `");
}

#[test]
fn values_must_be_defined_in_the_body() {
    // The result of an instruction that was removed from its block.
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let one = b.i32(1);
    let x = b.binary(entry, BinaryOp::Add, one, one);
    b.name(x, "x");
    b.f.blocks[entry].insts.clear();
    b.ret(entry, &[x]);
    assert_single_error(
        &module_of([b.f]),
        "uses %x, which is the result of an instruction that is in no block",
    );

    // A parameter of a deleted block.
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let deleted = b.block();
    b.f.layout.pop();
    let p = b.block_param(deleted, I32);
    b.name(p, "p");
    b.ret(entry, &[p]);
    assert_single_error(
        &module_of([b.f]),
        "uses %p, which is a parameter of a block that is not in the layout",
    );

    // A value that does not exist.
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    b.ret(entry, &[Value::new(1234)]);
    assert_single_error(
        &module_of([b.f]),
        "uses %<invalid v1234>, which does not exist",
    );

    // A block parameter removed from its block but still used.
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let next = b.block();
    let p = b.block_param(next, I32);
    b.name(p, "p");
    b.f.blocks[next].params.clear();
    b.jump(entry, next, &[]);
    b.ret(next, &[p]);
    assert_single_error(
        &module_of([b.f]),
        "uses %p, which claims to be parameter 1 of block bb1 but is not",
    );
}

#[test]
fn constants_must_hold_their_type() {
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let c = b.i32(5);
    b.f.values[c].ty = I64;
    b.ret(entry, &[c]);
    let errors = messages(&module_of([b.f]));
    assert!(
        errors
            .iter()
            .any(|e| e.ends_with("uses 5, which is a constant of type i64 holding an i32 literal")),
        "{errors:#?}"
    );
}

#[test]
fn dominance_is_skipped_but_order_checked_when_the_cfg_is_broken() {
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let one = b.i32(1);
    let x = b.binary(entry, BinaryOp::Add, one, one);
    b.name(x, "x");
    let y = b.binary(entry, BinaryOp::Add, x, one);
    b.ret(entry, &[y]);
    b.f.layout.push(Block::new(7)); // breaks the CFG
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("block that does not exist (block7)"));
}
