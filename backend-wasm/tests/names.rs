//! The `name` section's local names, read back with `wasmparser`: a local that the
//! allocator shares between several LIR values is named after all of them.

mod common;
use std::collections::BTreeMap;
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// Local names per function name: `{ "f": { 0: "n", 1: "i/j" } }`.
fn local_names(wasm: &[u8]) -> BTreeMap<String, BTreeMap<u32, String>> {
    let mut func_names = BTreeMap::new();
    let mut locals = BTreeMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CustomSection(section) = payload.expect("valid module") else {
            continue;
        };
        let KnownCustom::Name(reader) = section.as_known() else {
            continue;
        };
        for name in reader {
            match name.expect("valid name section") {
                Name::Function(map) => {
                    for naming in map {
                        let naming = naming.unwrap();
                        func_names.insert(naming.index, naming.name.to_string());
                    }
                }
                Name::Local(map) => {
                    for indirect in map {
                        let indirect = indirect.unwrap();
                        let names: BTreeMap<u32, String> = indirect
                            .names
                            .into_iter()
                            .map(|n| {
                                let n = n.unwrap();
                                (n.index, n.name.to_string())
                            })
                            .collect();
                        locals.insert(indirect.index, names);
                    }
                }
                _ => {}
            }
        }
    }
    locals
        .into_iter()
        .map(|(index, names)| (func_names[&index].clone(), names))
        .collect()
}

/// Two loops one after the other: `%i` dies before `%j` is born, so they share a
/// local, and so do the two sums.
const TWO_LOOPS: &str = "
export func @two_loops(%n: i32) -> i32 {
entry:
    jump first(0, 0)
first(%i: i32, %sum: i32):
    %more = lt_s %i, %n
    br_if %more, first_body, between(%sum)
first_body:
    %sum2 = add %sum, %i
    %i2 = add %i, 1
    jump first(%i2, %sum2)
between(%total: i32):
    jump second(0, %total)
second(%j: i32, %acc: i32):
    %again = lt_s %j, %n
    br_if %again, second_body, done
second_body:
    %acc2 = mul %acc, %j
    %j2 = add %j, 1
    jump second(%j2, %acc2)
done:
    ret %acc
}";

#[test]
fn a_shared_local_is_named_after_every_value_it_holds() {
    let names = local_names(&common::wasm(TWO_LOOPS));
    let f = &names["two_loops"];
    assert_eq!(f.get(&0).map(String::as_str), Some("n"), "{f:?}");
    // Every named value appears in exactly one local's name, and some local holds
    // both loop counters.
    let all: Vec<&str> = f.values().flat_map(|n| n.split('/')).collect();
    for value in ["i", "i2", "j", "j2", "sum", "sum2", "acc", "acc2", "total"] {
        let count = all.iter().filter(|&&n| n == value).count();
        assert!(count <= 1, "`{value}` named twice in {f:?}");
    }
    assert!(
        f.values().any(|n| {
            let parts: Vec<&str> = n.split('/').collect();
            parts.contains(&"i") && parts.contains(&"j")
        }),
        "no local holds both %i and %j: {f:?}"
    );
    // Names are listed in value order (`%i` is defined before `%j`).
    let shared = f.values().find(|n| n.split('/').any(|p| p == "j")).unwrap();
    let i = shared.split('/').position(|p| p == "i").unwrap();
    let j = shared.split('/').position(|p| p == "j").unwrap();
    assert!(i < j, "{shared}");
}

#[test]
fn a_local_shared_by_many_values_gets_a_capped_name() {
    // 60 loops in a row, each with its own counter `%counter_K`: they can all share
    // one local, whose name lists the first ones and ends with `…`.
    let mut src = String::from("export func @many(%n: i32) -> i32 {\nentry:\n    jump l0(0)\n");
    for k in 0..60 {
        let next = if k + 1 < 60 {
            format!("l{}(0)", k + 1)
        } else {
            "done".to_string()
        };
        src.push_str(&format!(
            "l{k}(%counter_{k}: i32):\n    %more_{k} = lt_s %counter_{k}, %n\n    \
             br_if %more_{k}, b{k}, {next}\nb{k}:\n    %step_{k} = add %counter_{k}, 1\n    \
             jump l{k}(%step_{k})\n"
        ));
    }
    src.push_str("done:\n    ret %n\n}\n");
    let names = local_names(&common::wasm(&src));
    let longest = names["many"].values().max_by_key(|n| n.len()).unwrap();
    assert!(longest.ends_with("/…"), "{longest}");
    assert!(longest.len() <= 64, "{} bytes: {longest}", longest.len());
    assert!(longest.starts_with("counter_0/"), "{longest}");
}

#[test]
fn parameters_come_first_in_their_locals_names() {
    // `%a` and `%b` die at the `add`, so their locals may be reused by later values:
    // the parameter's name still comes first.
    let src = "
export func @f(%a: i32, %b: i32) -> i32 {
entry:
    %s = add %a, %b
    %t = mul %s, %s
    %u = sub %t, %s
    ret %u
}";
    let names = local_names(&common::wasm(src));
    let f = &names["f"];
    assert_eq!(f[&0].split('/').next(), Some("a"), "{f:?}");
    assert_eq!(f[&1].split('/').next(), Some("b"), "{f:?}");
    let all: Vec<&str> = f.values().flat_map(|n| n.split('/')).collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        all.len(),
        unique.len(),
        "a value named in two locals: {f:?}"
    );
    assert!(all.contains(&"s"), "{f:?}");
}
