//! Up-front checks of a module before compilation: what the target cannot express
//! (syscalls, features that are switched off and have no fallback), and the structural
//! facts the backend relies on so that a malformed module gives an error rather than a
//! panic (every handle exists, blocks end in one terminator, branch arguments match
//! parameters, calls match signatures in arity).
//!
//! This is not the verifier: types and dominance are the verifier's job. A module that
//! passes these checks but not the verifier may still be rejected later, as an invalid
//! module or by output validation.

use crate::error::CompileError;
use crate::features::{Feature, Features};
use cranelift_entity::SecondaryMap;
use lir::{Block, Func, Function, Inst, InstKind, Module, Signature, Value};

/// Checks `module` for the target described by `features`.
pub(crate) fn check_module(module: &Module, features: &Features) -> Result<(), CompileError> {
    let multi_value = features.has(Feature::MultiValue);
    for (id, func) in module.funcs.iter() {
        if func.sig.results.len() > 1 && !multi_value {
            return Err(feature_off(
                &func.name,
                "returns several values",
                Feature::MultiValue,
            ));
        }
        if !func.is_import() {
            check_function(module, id, func, features)?;
        }
    }
    if !features.has(Feature::MutableGlobals) {
        if let Some(g) = module
            .globals
            .values()
            .find(|g| g.mutable && g.export.is_some())
        {
            return Err(feature_off(
                &g.name,
                "is an exported mutable global",
                Feature::MutableGlobals,
            ));
        }
    }
    Ok(())
}

fn feature_off(item: &str, what: &str, feature: Feature) -> CompileError {
    CompileError::unsupported(
        item,
        format!("{what}, which needs the WebAssembly feature `{feature}` (disabled)"),
    )
}

fn check_function(
    module: &Module,
    id: Func,
    func: &Function,
    features: &Features,
) -> Result<(), CompileError> {
    let invalid = |message: String| CompileError::invalid(&func.name, message);
    if func.layout.is_empty() {
        return Err(invalid("function has no blocks".into()));
    }
    if func.params.len() != func.sig.params.len() {
        return Err(invalid(
            "parameter values do not match the signature".into(),
        ));
    }
    let value_ok = |v: Value| func.values.get(v).is_some();
    let mut in_layout: SecondaryMap<Block, bool> = lir::entities::dense_map(func.blocks.len());
    for &b in &func.layout {
        if func.blocks.get(b).is_none() || std::mem::replace(&mut in_layout[b], true) {
            return Err(invalid(format!(
                "{b} is not a block or appears twice in the layout"
            )));
        }
    }
    for &b in &func.layout {
        let Some(block) = func.blocks.get(b) else {
            return Err(invalid(format!("{b} is in the layout but does not exist")));
        };
        let Some((_, body)) = block.insts.split_last() else {
            return Err(invalid(format!("block {} is empty", func.block_label(b))));
        };
        for (i, &inst) in block.insts.iter().enumerate() {
            let Some(data) = func.insts.get(inst) else {
                return Err(invalid(format!("{inst} does not exist")));
            };
            let kind = &data.kind;
            if kind.is_terminator() != (i == body.len()) {
                return Err(invalid(format!(
                    "block {} must end with exactly one terminator",
                    func.block_label(b)
                )));
            }
            let mut missing = None;
            kind.for_each_arg(|v| {
                if !value_ok(v) {
                    missing = Some(v);
                }
            });
            if let Some(v) = missing {
                return Err(invalid(format!("{v} does not exist")));
            }
            if data.results.iter().any(|&v| !value_ok(v)) {
                return Err(invalid(format!("a result of {inst} does not exist")));
            }
            for call in kind.block_calls() {
                let target = match func.blocks.get(call.block) {
                    Some(target) if in_layout[call.block] => target,
                    _ => return Err(invalid(format!("{} is not a block", call.block))),
                };
                if target.params.len() != call.args.len() || Some(call.block) == func.entry_block()
                {
                    return Err(invalid(format!(
                        "bad branch to {} from block {}",
                        func.block_label(call.block),
                        func.block_label(b)
                    )));
                }
            }
            check_inst(module, id, func, inst, features)?;
        }
    }
    Ok(())
}

fn check_inst(
    module: &Module,
    id: Func,
    func: &Function,
    inst: Inst,
    features: &Features,
) -> Result<(), CompileError> {
    let kind = &func.insts[inst].kind;
    let invalid = |message: String| CompileError::invalid(&func.name, message);
    let callee_sig = |f: lir::Func| -> Result<&Signature, CompileError> {
        module
            .funcs
            .get(f)
            .map(|callee| &callee.sig)
            .ok_or_else(|| invalid(format!("{f} does not exist")))
    };
    let multi_value = |sig: &Signature| {
        if sig.results.len() > 1 && !features.has(Feature::MultiValue) {
            Err(feature_off(
                &func.name,
                "calls a function returning several values",
                Feature::MultiValue,
            ))
        } else {
            Ok(())
        }
    };
    let arity = |sig: &Signature, args: &[Value]| {
        if sig.params.len() == args.len() {
            Ok(())
        } else {
            Err(invalid("call with the wrong number of arguments".into()))
        }
    };
    let tail_call = |what: &str| {
        if features.has(Feature::TailCall) {
            Ok(())
        } else {
            Err(feature_off(&func.name, what, Feature::TailCall))
        }
    };
    match kind {
        InstKind::Syscall { .. } => Err(CompileError::unlegalized_syscall(
            &func.name,
            &lir::text::print_inst(module, id, inst),
        )),
        InstKind::Call { func: f, args } => {
            let sig = callee_sig(*f)?;
            arity(sig, args)?;
            multi_value(sig)
        }
        InstKind::CallIndirect { sig, args, .. } => {
            arity(sig, args)?;
            multi_value(sig)
        }
        InstKind::ReturnCall { func: f, args } => {
            arity(callee_sig(*f)?, args)?;
            tail_call("uses return_call")
        }
        InstKind::ReturnCallIndirect { sig, args, .. } => {
            arity(sig, args)?;
            tail_call("uses return_call_indirect")
        }
        InstKind::FuncAddr { func: f } => callee_sig(*f).map(|_| ()),
        InstKind::GlobalGet { global } | InstKind::GlobalSet { global, .. } => {
            match module.globals.get(*global) {
                Some(_) => Ok(()),
                None => Err(invalid(format!("{global} does not exist"))),
            }
        }
        InstKind::DataAddr { data, .. } => match module.data.get(*data) {
            Some(_) => Ok(()),
            None => Err(invalid(format!("{data} does not exist"))),
        },
        _ => Ok(()),
    }
}
