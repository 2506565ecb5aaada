//! Built modules printed as LIR text: the expected text of small functions built with
//! variables, and printing then parsing gives back an equal module.

use crate::builder::FunctionBuilder;
use crate::imm::Imm;
use crate::module::{DataObject, DataType, Module};
use crate::syscall::Syscall;
use crate::text::{parse, print};
use crate::types::{Signature, Type};

/// `fib(n)` with a `while` loop over variables, as the module documentation builds it.
fn fib_module() -> Module {
    let mut module = Module::new();
    let fib = module.declare_function("fib", Signature::new([Type::I32], [Type::I32]));
    module.export_function(fib, "fib");
    let mut b = FunctionBuilder::new(&mut module, fib);
    let entry = b.create_block();
    let header = b.create_named_block("loop");
    let body = b.create_named_block("body");
    let exit = b.create_named_block("exit");
    let [n, i, a, c] = [(); 4].map(|_| b.declare_var(Type::I32));
    b.switch_to_block(entry);
    let param = b.param(0);
    b.set_name(param, "n");
    b.def_var(n, param);
    let (zero, one) = (b.iconst(Type::I32, 0), b.iconst(Type::I32, 1));
    b.def_var(i, zero);
    b.def_var(a, zero);
    b.def_var(c, one);
    b.jump(header, &[]);
    b.switch_to_block(header);
    let (iv, nv) = (b.use_var(i), b.use_var(n));
    let more = b.lt_s(iv, nv);
    b.br_if(more, body, &[], exit, &[]);
    b.switch_to_block(body);
    b.seal_block(body);
    let (av, cv) = (b.use_var(a), b.use_var(c));
    let sum = b.add(av, cv);
    b.def_var(a, cv);
    b.def_var(c, sum);
    let next = b.add(iv, 1);
    b.def_var(i, next);
    b.jump(header, &[]);
    b.seal_block(header);
    b.switch_to_block(exit);
    b.seal_block(exit);
    let result = b.use_var(a);
    b.ret(&[result]);
    b.finalize();
    module
}

#[test]
fn fib_prints_with_one_header_parameter_per_changed_variable() {
    let expected = "\
export func @fib(%n: i32) -> i32 {
    jump loop(0, 0, 1)
loop(%0: i32, %1: i32, %2: i32):
    %3 = lt_s %0, %n
    br_if %3, body, exit
body:
    %4 = add %1, %2
    %5 = add %0, 1
    jump loop(%5, %2, %4)
exit:
    ret %1
}
";
    assert_eq!(print(&fib_module()), expected);
}

/// `x = p ? 10 : 20` as a diamond, then a `switch` whose cases share a block.
#[test]
fn diamond_and_switch_print_their_block_arguments() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, then, els, merge, small, done] = [(); 6].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let p = b.param(0);
    b.set_name(p, "p");
    b.br_if(p, then, &[], els, &[]);
    for (block, value) in [(then, 10), (els, 20)] {
        b.switch_to_block(block);
        let value = b.iconst(Type::I32, value);
        b.def_var(x, value);
        b.jump(merge, &[]);
    }
    b.switch_to_block(merge);
    let xv = b.use_var(x);
    b.switch(xv, done, [(10, small), (11, small)]);
    b.switch_to_block(small);
    let doubled = b.mul(xv, 2);
    b.def_var(x, doubled);
    b.jump(done, &[]);
    b.switch_to_block(done);
    let r = b.use_var(x);
    b.ret(&[r]);
    b.finalize();
    let expected = "\
func @f(%p: i32) -> i32 {
    br_if %p, bb1, bb2
bb1:
    jump bb3(10)
bb2:
    jump bb3(20)
bb3(%0: i32):
    switch %0, bb5(%0), [10: bb4, 11: bb4]
bb4:
    %1 = mul %0, 2
    jump bb5(%1)
bb5(%2: i32):
    ret %2
}
";
    assert_eq!(print(&module), expected);
}

/// A module with memory, a data object pointing at a string, a global, an import and
/// calls, as a frontend would declare it.
fn module_with_items() -> Module {
    let mut module = Module::new();
    module.declare_memory(1, Some(4), Some("memory"));
    module.set_stack_size(4096);
    let hello = module.declare_string("hello", "hi\n");
    let log = module.declare_import("log", Signature::new([Type::I32], []), "env", "log");
    let table = module.declare_data(
        DataObject::new("table")
            .read_only()
            .data_addr(hello, 0)
            .ints(DataType::I32, [3])
            .ints(DataType::I8, [-1, 200])
            .f32s([1.5])
            .zeros(2)
            .func_addr(log),
    );
    let count = module.declare_mut_global("count", Imm::i64(0));
    module.export_global(count, "count");
    let main = module.declare_function("main", Signature::new([], [Type::I32]));
    let mut b = FunctionBuilder::new(&mut module, main);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let t = b.data_addr(table, 0);
    let text = b.load(Type::PTR, t, 0);
    let len = b.load(Type::I32, t, 4);
    b.syscall(Syscall::Write, &[1.into(), text.into(), len.into()]);
    let n = b.global_get(count);
    let n = b.add(n, 1);
    b.global_set(count, n);
    b.call(log, &[len]);
    let zero = b.iconst(Type::I32, 0);
    b.ret(&[zero]);
    b.finalize();
    module
}

#[test]
fn module_items_print_as_declared() {
    let expected = "\
memory 1 max 4 export \"memory\"
stack 4096

data @hello = \"hi\\n\"
data @table readonly = { ptr @hello; i32 3; i8 -1, -56; f32 1.5; zero 2; ptr @log }

global @count: i64 mut = 0 export \"count\"

import func @log(i32) from \"env\" \"log\"

func @main() -> i32 {
    %0 = addr @table
    %1 = load.i32 [%0]
    %2 = load.i32 [%0 + 4]
    syscall.write 1, %1, %2
    %3 = global.get @count
    %4 = add %3, 1
    global.set @count, %4
    call @log(%2)
    ret 0
}
";
    assert_eq!(print(&module_with_items()), expected);
}

/// Printing a built module and parsing the text gives an equal module.
#[test]
fn built_modules_round_trip_through_text() {
    for module in [fib_module(), module_with_items()] {
        let text = print(&module);
        let parsed = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(parsed == module, "round trip changed the module:\n{text}");
    }
}
