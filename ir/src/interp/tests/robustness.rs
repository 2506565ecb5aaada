//! The interpreter on modules the verifier would reject: operands replaced by random
//! values of any type, from any place. Preparing or running such a module may fail,
//! but must never panic.

use super::*;
use crate::interp::InterpConfig;
use cranelift_entity::EntityRef;

/// A small xorshift generator, so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Replaces about one operand in `rate` by a random value of the same function (or,
/// rarely, a handle past its values).
fn scramble(module: &mut Module, rng: &mut Rng, rate: usize) {
    for func in module.funcs.values_mut() {
        let n_values = func.values.len();
        for inst in func.insts.values_mut() {
            inst.kind.map_args(|v| {
                if rng.below(rate) != 0 {
                    return v;
                }
                let index = if rng.below(20) == 0 {
                    n_values + rng.below(3)
                } else {
                    rng.below(n_values)
                };
                Value::new(index)
            });
        }
    }
}

/// Calls every function with zero arguments of its parameter types; returns the
/// number of instructions executed, or `None` if the module cannot be prepared.
fn run_all(module: &Module) -> Option<u64> {
    let config = InterpConfig::new()
        .fuel(20_000)
        .max_call_depth(50)
        .random_seed(1);
    let mut m = Interpreter::new(module, config).ok()?;
    for func in module.funcs.values() {
        let args: Vec<Imm> = func.sig.params.iter().map(|&t| Imm::zero(t)).collect();
        let _ = m.invoke(&func.name, &args);
    }
    let _ = m.run_main();
    Some(m.instructions_executed())
}

#[test]
fn ill_typed_modules_never_panic() {
    let sources = [
        super::calls::FIB,
        super::control::SUM,
        super::memory::ACCESS,
        super::memory::GROW,
        "
        func @mix(%a: i32, %b: i64, %c: f32, %d: f64) -> (i64, f64) {
            slot %s 32
        entry:
            %x = extend_u %a
            %y = add %x, %b
            %z = promote %c
            %w = mul %z, %d
            %q = trunc_sat_s.i32 %w
            %p = stack.alloc %q
            store.f64 [%s + 8], %w
            %r = load.i64 [%p]
            %t = select %a, %y, %r
            switch %a, done(%t, %w), [1: done(%b, %d)]
        done(%u: i64, %v: f64):
            %n = syscall.write 1, %s, %a
            return_call @tail(%u, %v)
        }
        func @tail(%u: i64, %v: f64) -> (i64, f64) {
            %fp = funcaddr @mix
            %k, %l = call_indirect %fp(0, 0, 0.0, 0.0) : (i32, i64, f32, f64) -> (i64, f64)
            ret %u, %v
        }",
    ];
    let (mut prepared, mut executed) = (0, 0);
    for (i, src) in sources.iter().enumerate() {
        let original = parse(src);
        assert!(run_all(&original).is_some_and(|n| n > 0));
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ i as u64);
        for round in 0..200 {
            let mut module = original.clone();
            scramble(&mut module, &mut rng, 2 + round % 6);
            if let Some(n) = run_all(&module) {
                prepared += 1;
                executed += n;
            }
        }
    }
    // Enough scrambled modules get past preparation to exercise execution.
    println!("{prepared} of 1000 scrambled modules ran {executed} instructions");
    assert!(
        prepared >= 200 && executed >= 10_000,
        "{prepared} {executed}"
    );
}
