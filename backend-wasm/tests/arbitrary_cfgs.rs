//! Arbitrary control-flow graphs — irreducible ones with many entries included — must
//! compile to valid wasm that visits blocks exactly as the graph says. Each block
//! mixes its number into an accumulator and picks its successor from it; a step
//! counter guarantees termination. Results are checked against a Rust model under
//! Node.js (when installed); validity is always checked.

mod common;
use common::node::{self, Call, Outcome};
use lir::{
    BinaryOp, Block, BlockCall, CompareOp, Function, Imm, InstKind, Module, Signature, Type,
};
use proptest::prelude::*;

/// How block `i` leaves: to one, two (on a bit of the accumulator) or several
/// (a `switch` on the accumulator) of the blocks `1..n`.
#[derive(Clone, Debug)]
enum Exit {
    Jump(usize),
    Branch(usize, usize),
    Switch(Vec<usize>),
}

const STEPS: i32 = 40;

fn arb_graph() -> impl Strategy<Value = Vec<Exit>> {
    (2usize..14).prop_flat_map(|n| {
        let target = 1..n;
        let exit = prop_oneof![
            target.clone().prop_map(Exit::Jump),
            (target.clone(), target.clone()).prop_map(|(a, b)| Exit::Branch(a, b)),
            prop::collection::vec(target, 2..6).prop_map(Exit::Switch),
        ];
        prop::collection::vec(exit, n - 1)
    })
}

/// `exits[i - 1]` is the exit of block `i`; block 0 is the entry.
fn build(exits: &[Exit]) -> Module {
    let mut f = Function::new("walk", Signature::new([Type::I32], [Type::I32]));
    f.export = Some("walk".into());
    let entry = f.create_block();
    let blocks: Vec<Block> = (0..exits.len()).map(|_| f.create_block()).collect();
    let exit = f.create_block();
    let result = f.append_block_param(exit, Type::I32);
    f.append_inst(
        exit,
        InstKind::Ret {
            values: vec![result],
        },
        &[],
    );
    let params: Vec<(lir::Value, lir::Value)> = blocks
        .iter()
        .map(|&b| {
            (
                f.append_block_param(b, Type::I32),
                f.append_block_param(b, Type::I32),
            )
        })
        .collect();
    let zero = f.const_value(Imm::i32(0));
    let x = f.params[0];
    f.append_inst(
        entry,
        InstKind::Jump {
            dest: BlockCall::new(blocks[0], vec![zero, x]),
        },
        &[],
    );
    let binary = |f: &mut Function, b: Block, op, a, c: i32| {
        let c = f.const_value(Imm::i32(c));
        let i = f.append_inst(b, InstKind::Binary { op, args: [a, c] }, &[Type::I32]);
        f.inst_results(i)[0]
    };
    for (i, exit_kind) in exits.iter().enumerate() {
        let b = blocks[i];
        let (k, acc) = params[i];
        let acc2 = binary(&mut f, b, BinaryOp::Mul, acc, 31);
        let acc3 = binary(&mut f, b, BinaryOp::Add, acc2, i as i32 + 1);
        let k2 = binary(&mut f, b, BinaryOp::Add, k, 1);
        let limit = f.const_value(Imm::i32(STEPS));
        let done = f.append_inst(
            b,
            InstKind::Compare {
                op: CompareOp::GtU,
                args: [k2, limit],
            },
            &[Type::I32],
        );
        let done = f.inst_results(done)[0];
        let select = f.create_block();
        f.append_inst(
            b,
            InstKind::BrIf {
                cond: done,
                then_dest: BlockCall::new(exit, vec![acc3]),
                else_dest: BlockCall::new(select, vec![]),
            },
            &[],
        );
        let to = |t: usize| BlockCall::new(blocks[t - 1], vec![k2, acc3]);
        let kind = match exit_kind {
            Exit::Jump(t) => InstKind::Jump { dest: to(*t) },
            Exit::Branch(t, e) => {
                let shifted = binary(&mut f, select, BinaryOp::ShrU, acc3, 3);
                let bit = binary(&mut f, select, BinaryOp::And, shifted, 1);
                InstKind::BrIf {
                    cond: bit,
                    then_dest: to(*t),
                    else_dest: to(*e),
                }
            }
            Exit::Switch(ts) => {
                let index = binary(&mut f, select, BinaryOp::RemU, acc3, ts.len() as i32 + 1);
                InstKind::Switch {
                    index,
                    default: to(ts[0]),
                    cases: ts
                        .iter()
                        .enumerate()
                        .map(|(j, &t)| (j as u64 + 1, to(t)))
                        .collect(),
                }
            }
        };
        f.append_inst(select, kind, &[]);
    }
    let mut m = Module::new();
    m.add_function(f);
    m
}

/// What `@walk(x)` returns, following the graph step by step.
fn model(exits: &[Exit], x: i32) -> i32 {
    let (mut block, mut k, mut acc) = (1usize, 0i32, x);
    loop {
        let acc3 = acc.wrapping_mul(31).wrapping_add(block as i32);
        let k2 = k + 1;
        if k2 > STEPS {
            return acc3;
        }
        block = match &exits[block - 1] {
            Exit::Jump(t) => *t,
            Exit::Branch(t, e) => {
                if (acc3 as u32 >> 3) & 1 != 0 {
                    *t
                } else {
                    *e
                }
            }
            Exit::Switch(ts) => {
                let index = acc3 as u32 % (ts.len() as u32 + 1);
                ts[(index as usize).saturating_sub(1)]
            }
        };
        (k, acc) = (k2, acc3);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_graphs_compile_and_run(exits in arb_graph()) {
        let module = build(&exits);
        prop_assert!(lir::verify::verify(&module).is_ok());
        let mut compiled = Vec::new();
        for features in [lir_wasm::Features::default(), lir_wasm::Features::mvp()] {
            let wasm = lir_wasm::compile(&module, &common::options(features));
            prop_assert!(wasm.is_ok(), "{:?}", wasm.err());
            compiled.push(wasm.unwrap_or_default());
        }
        if node::node_available() {
            let inputs = [0, 1, 7, -3, 123456789];
            let calls: Vec<Call> = inputs
                .iter()
                .map(|&x| Call { name: "walk".into(), args: vec![Imm::i32(x)], results: vec![Type::I32] })
                .collect();
            let expected: Vec<Outcome> = inputs
                .iter()
                .map(|&x| Outcome::Values(vec![node::show(Imm::i32(model(&exits, x)))]))
                .collect();
            for wasm in &compiled {
                prop_assert_eq!(&node::run(wasm, &calls), &expected, "graph {:?}", exits);
            }
        }
    }
}
