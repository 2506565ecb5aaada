//! Typed values on the command line: `--invoke` arguments parsed by the callee's
//! signature, and results printed one per line (integers in signed decimal, floats in
//! the shortest form that reads back to the same bits).

use lir::{Imm, Type};

/// Parses `args` as values of `params`, reporting count or literal mismatches.
pub fn parse_args(func: &str, params: &[Type], args: &[String]) -> Result<Vec<Imm>, String> {
    if params.len() != args.len() {
        return Err(format!(
            "@{func} takes {} argument{} ({}), but {} {} given",
            params.len(),
            if params.len() == 1 { "" } else { "s" },
            params
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(", "),
            args.len(),
            if args.len() == 1 { "was" } else { "were" },
        ));
    }
    params
        .iter()
        .zip(args)
        .enumerate()
        .map(|(i, (&ty, text))| {
            Imm::parse(ty, text).map_err(|e| format!("argument {} of @{func}: {e}", i + 1))
        })
        .collect()
}

/// The text of results, one per line, each followed by a newline.
pub fn format_results(results: &[Imm]) -> String {
    results.iter().map(|r| format!("{r}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_typed_arguments() {
        let args: Vec<String> = ["-7", "0x10", "-0.0", "nan"].map(String::from).to_vec();
        let values = parse_args("f", &[Type::I32, Type::I64, Type::F32, Type::F64], &args).unwrap();
        assert_eq!(values[0], Imm::i32(-7));
        assert_eq!(values[1], Imm::i64(16));
        assert_eq!(values[2], Imm::f32(-0.0));
        assert_eq!(format_results(&values), "-7\n16\n-0.0\nnan\n");
    }

    #[test]
    fn rejects_wrong_counts_and_literals() {
        let err = parse_args("div", &[Type::I32, Type::I32], &["1".to_string()]).unwrap_err();
        assert_eq!(err, "@div takes 2 arguments (i32, i32), but 1 was given");
        let err = parse_args("f", &[Type::I32], &["1.5".to_string()]).unwrap_err();
        assert!(err.contains("argument 1 of @f"), "{err}");
    }
}
