//! Negative tests of structural rules: blocks and terminators, the entry block,
//! parameters, slots, imports, value definitions, dangling handles and local names.

use super::*;

/// `@f(%x: i32) -> i32` with an entry block returning `%x`, for editing.
fn ret_x() -> (Build, Block) {
    let mut b = Build::new("f", &[I32], &[I32]);
    let entry = b.block();
    let x = b.param(0);
    b.ret(entry, &[x]);
    (b, entry)
}

#[test]
fn defined_function_needs_a_block() {
    let b = Build::new("f", &[], &[]);
    assert_single_error(
        &module_of([b.f]),
        "in @f: a defined function needs at least one block",
    );
}

#[test]
fn blocks_end_with_a_terminator() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let one = b.i32(1);
    b.binary(entry, BinaryOp::Add, one, one);
    assert_single_error(
        &module_of([b.f]),
        "block bb0: the block does not end with a terminator",
    );

    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let empty = b.named_block("empty");
    b.jump(entry, empty, &[]);
    assert_single_error(
        &module_of([b.f]),
        "block empty: the block does not end with a terminator",
    );
}

#[test]
fn terminators_only_at_the_end() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    b.effect(entry, InstKind::Trap);
    b.ret(entry, &[]);
    assert_single_error(
        &module_of([b.f]),
        "a terminator must be the last instruction of its block",
    );
}

#[test]
fn entry_block_has_no_params_and_no_predecessors() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.named_block("start");
    b.block_param(entry, I32);
    b.ret(entry, &[]);
    assert_single_error(
        &module_of([b.f]),
        "block start: the entry block cannot have parameters",
    );

    let mut b = Build::new("f", &[], &[]);
    let entry = b.named_block("start");
    let next = b.block();
    b.jump(entry, next, &[]);
    b.jump(next, entry, &[]);
    assert_single_error(
        &module_of([b.f]),
        "the entry block start cannot be a branch target",
    );
}

#[test]
fn parameter_values_match_the_signature() {
    let (mut b, _) = ret_x();
    b.f.sig.params.push(I64);
    assert_single_error(
        &module_of([b.f]),
        "the function has 1 parameter values but its signature has 2 parameters",
    );

    let (mut b, _) = ret_x();
    b.f.sig.params[0] = I64;
    // The parameter's type differs from the signature; `ret %x` is still i32.
    assert_single_error(
        &module_of([b.f]),
        "function parameter 1 (%0) has type i32, expected i64",
    );

    let (mut b, _) = ret_x();
    let other = b.f.const_value(Imm::i32(0));
    b.f.params[0] = other;
    let errors = messages(&module_of([b.f]));
    assert!(
        errors[0].contains("function parameter 1 is 0, which is defined as the constant 0"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("uses %<v0>, which claims to be function parameter 1 but is not"),
        "{errors:#?}"
    );
}

#[test]
fn imports_have_no_body() {
    let mut module = sample_module();
    let log = &mut module.funcs[host_log()];
    log.create_block();
    assert_single_error(
        &module,
        "in @host_log: an imported function cannot have a body",
    );
    module.funcs[host_log()].layout.clear();
    module.funcs[host_log()].create_slot(4, None);
    assert_single_error(&module, "an imported function cannot have a body");
}

#[test]
fn slots_have_small_power_of_two_alignment() {
    for align in [0, 3, 32] {
        let (mut b, _) = ret_x();
        let (_, v) = b.f.create_slot(8, Some(align));
        b.name(v, "buf");
        let needle = format!("slot %buf: alignment {align} is not a power of two up to 16");
        assert_single_error(&module_of([b.f]), &needle);
    }
    let (mut b, _) = ret_x();
    b.f.create_slot(8, Some(16));
    assert_valid(&module_of([b.f]));
}

#[test]
fn slot_values_point_back_to_their_slot() {
    let (mut b, _) = ret_x();
    let (slot, _) = b.f.create_slot(8, None);
    let x = b.param(0);
    b.f.slots[slot].value = x;
    assert_error(
        &module_of([b.f]),
        "the address of slot0 is %0, which is defined as function parameter 1",
    );
}

#[test]
fn dangling_layout_blocks_and_duplicates() {
    let (mut b, entry) = ret_x();
    b.f.layout.push(Block::new(99));
    b.f.layout.push(entry);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("in @f: the layout lists a block that does not exist (block99)"));
    assert!(errors[1].contains("block bb0: the block is listed twice in the layout"));
}

#[test]
fn dangling_and_repeated_instructions() {
    let (mut b, entry) = ret_x();
    b.f.blocks[entry].insts.insert(0, Inst::new(50));
    assert_single_error(
        &module_of([b.f]),
        "the block lists an instruction that does not exist (inst50)",
    );

    let (mut b, entry) = ret_x();
    let other = b.named_block("other");
    let ret = b.f.blocks[entry].insts[0];
    b.f.blocks[other].insts.push(ret);
    let module = module_of([b.f]);
    assert_single_error(
        &module,
        "the instruction is listed twice (also in block bb0)",
    );
    assert_error(&module, "in @f, block other, at `");
}

#[test]
fn result_values_point_back_to_their_instruction() {
    let mut b = Build::new("f", &[], &[I32]);
    let entry = b.block();
    let one = b.i32(1);
    let a = b.binary(entry, BinaryOp::Add, one, one);
    let inst = b.effect(
        entry,
        InstKind::Binary {
            op: BinaryOp::Mul,
            args: [one, one],
        },
    );
    b.f.insts[inst].results.push(a); // `a` is already the result of the add
    b.ret(entry, &[a]);
    assert_single_error(
        &module_of([b.f]),
        "result 1 of inst1 is %0, which is defined as result 1 of inst0",
    );

    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let inst = b.effect(entry, InstKind::MemorySize);
    b.f.insts[inst].results.push(Value::new(77));
    b.ret(entry, &[]);
    assert_single_error(
        &module_of([b.f]),
        "result 1 of inst0 is %<invalid v77>, which does not exist",
    );
}

#[test]
fn block_params_point_back_to_their_block() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (one, two) = (b.named_block("one"), b.named_block("two"));
    let p = b.block_param(one, I32);
    b.f.blocks[two].params.push(p);
    let zero = b.i32(0);
    b.effect(
        entry,
        InstKind::BrIf {
            cond: zero,
            then_dest: BlockCall::new(one, vec![zero]),
            else_dest: BlockCall::new(two, vec![zero]),
        },
    );
    b.ret(one, &[]);
    b.ret(two, &[]);
    assert_single_error(
        &module_of([b.f]),
        "block two: parameter 1 of block two is %0, which is defined as parameter 1 of block one",
    );
}

#[test]
fn value_names_are_valid() {
    for bad in ["", "a-b", "x y", "é"] {
        let (mut b, _) = ret_x();
        let x = b.param(0);
        b.f.values[x].name = Some(bad.into());
        assert_single_error(&module_of([b.f]), &format!("invalid value name `%{bad}`"));
    }
    for good in ["x", "1a", "bb1", "a.b$_"] {
        let (mut b, _) = ret_x();
        let x = b.param(0);
        b.name(x, good);
        assert_valid(&module_of([b.f]));
    }
}

#[test]
fn digit_only_value_names_are_rejected_when_stored() {
    let (mut b, _) = ret_x();
    let x = b.param(0);
    b.f.values[x].name = Some("12".into());
    assert_single_error(&module_of([b.f]), "invalid value name `%12`");
}

#[test]
fn value_names_are_unique() {
    let mut b = Build::new("f", &[I32], &[I32]);
    let entry = b.block();
    let x = b.name(b.param(0), "x");
    let y = b.binary(entry, BinaryOp::Add, x, x);
    b.name(y, "x");
    b.ret(entry, &[y]);
    assert_single_error(&module_of([b.f]), "the value name %x is defined twice");
}

#[test]
fn names_of_removed_values_do_not_count() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let next = b.block();
    let p = b.block_param(next, I32);
    b.name(p, "p");
    let removed = b.f.remove_block_param(next, 0);
    assert_eq!(removed, p);
    let q = b.block_param(next, I32);
    b.name(q, "p");
    let zero = b.i32(0);
    b.jump(entry, next, &[zero]);
    b.ret(next, &[]);
    assert_valid(&module_of([b.f]));
}

#[test]
fn block_labels_are_valid_and_unique() {
    for bad in ["1x", "a-b", "bb2", ""] {
        let (mut b, entry) = ret_x();
        b.f.blocks[entry].name = Some(bad.to_string());
        assert_single_error(&module_of([b.f]), &format!("invalid block label `{bad}`"));
    }
    let (mut b, entry) = ret_x();
    b.f.set_block_name(entry, "start");
    let other = b.named_block("start");
    b.effect(other, InstKind::Trap);
    assert_single_error(&module_of([b.f]), "the block label start is used twice");
}

#[test]
fn blocks_outside_the_layout_are_ignored() {
    let (mut b, _) = ret_x();
    let stray = b.block();
    b.f.layout.pop();
    // A deleted block: no terminator, bad label, but not in the layout.
    b.f.blocks[stray].name = Some("bad label".into());
    assert_valid(&module_of([b.f]));
}
