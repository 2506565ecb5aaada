//! WebAssembly target features: which post-MVP proposals the output may use, a parser
//! for `+tail-call,-bulk-memory` strings, and the matching `wasmparser` configuration.
//!
//! What the backend does when a feature is off (helper functions, shift sequences,
//! errors) lives with the code that emits the affected instructions, not here.

use std::fmt;
use std::str::FromStr;

/// One optional WebAssembly feature.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Feature {
    MultiValue,
    SignExt,
    NontrappingFptoint,
    BulkMemory,
    MutableGlobals,
    ReferenceTypes,
    TailCall,
    Simd128,
}

impl Feature {
    /// Every feature, in the order they are printed.
    pub const ALL: [Feature; 8] = [
        Feature::MultiValue,
        Feature::SignExt,
        Feature::NontrappingFptoint,
        Feature::BulkMemory,
        Feature::MutableGlobals,
        Feature::ReferenceTypes,
        Feature::TailCall,
        Feature::Simd128,
    ];

    /// The name used on command lines (`tail-call`), as in LLVM and Binaryen.
    pub fn name(self) -> &'static str {
        match self {
            Feature::MultiValue => "multi-value",
            Feature::SignExt => "sign-ext",
            Feature::NontrappingFptoint => "nontrapping-fptoint",
            Feature::BulkMemory => "bulk-memory",
            Feature::MutableGlobals => "mutable-globals",
            Feature::ReferenceTypes => "reference-types",
            Feature::TailCall => "tail-call",
            Feature::Simd128 => "simd128",
        }
    }

    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The set of enabled features.
///
/// The default enables everything wasmtime 48 and Node.js 20 run out of the box:
/// all features except `simd128` (which the backend never needs). Tail calls are on
/// by default because both engines enable them by default; turn them off with
/// `-tail-call` for older engines (modules that use `return_call` are then rejected).
///
/// ```
/// use lir_wasm::{Feature, Features};
/// let f: Features = "+simd128,-tail-call".parse().unwrap();
/// assert!(f.has(Feature::Simd128) && !f.has(Feature::TailCall) && f.has(Feature::BulkMemory));
/// assert_eq!(Features::mvp().to_string(), "");
/// assert!("+threads".parse::<Features>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Features {
    bits: u16,
}

impl Default for Features {
    fn default() -> Self {
        let mut f = Features::mvp();
        for feature in Feature::ALL {
            f.set(feature, feature != Feature::Simd128);
        }
        f
    }
}

impl Features {
    /// WebAssembly 1.0 without any proposal.
    pub fn mvp() -> Features {
        Features { bits: 0 }
    }

    /// Every feature enabled.
    pub fn all() -> Features {
        let mut f = Features::mvp();
        for feature in Feature::ALL {
            f.set(feature, true);
        }
        f
    }

    fn bit(feature: Feature) -> u16 {
        1 << Feature::ALL.iter().position(|&f| f == feature).unwrap_or(0)
    }

    pub fn has(self, feature: Feature) -> bool {
        self.bits & Features::bit(feature) != 0
    }

    pub fn set(&mut self, feature: Feature, enabled: bool) {
        if enabled {
            self.bits |= Features::bit(feature);
        } else {
            self.bits &= !Features::bit(feature);
        }
    }

    /// Returns a copy with `feature` switched on or off.
    pub fn with(mut self, feature: Feature, enabled: bool) -> Features {
        self.set(feature, enabled);
        self
    }

    /// Applies a comma-separated list of `+name` / `-name` (a bare `name` means `+name`)
    /// to these features.
    pub fn apply(mut self, spec: &str) -> Result<Features, FeatureParseError> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (enabled, name) = match item.as_bytes()[0] {
                b'+' => (true, &item[1..]),
                b'-' => (false, &item[1..]),
                _ => (true, item),
            };
            let feature = Feature::from_name(name.trim())
                .ok_or_else(|| FeatureParseError(name.to_string()))?;
            self.set(feature, enabled);
        }
        Ok(self)
    }

    /// The `wasmparser` configuration that accepts exactly these features (plus the MVP).
    pub fn wasmparser_features(self) -> wasmparser::WasmFeatures {
        use wasmparser::WasmFeatures as W;
        let mut w = W::MVP;
        for feature in Feature::ALL {
            let flag = match feature {
                Feature::MultiValue => W::MULTI_VALUE,
                Feature::SignExt => W::SIGN_EXTENSION,
                Feature::NontrappingFptoint => W::SATURATING_FLOAT_TO_INT,
                Feature::BulkMemory => W::BULK_MEMORY,
                Feature::MutableGlobals => W::MUTABLE_GLOBAL,
                Feature::ReferenceTypes => W::REFERENCE_TYPES,
                Feature::TailCall => W::TAIL_CALL,
                Feature::Simd128 => W::SIMD,
            };
            w.set(flag, self.has(feature));
        }
        w
    }
}

/// Parses a feature list relative to [`Features::default`]; see [`Features::apply`].
impl FromStr for Features {
    type Err = FeatureParseError;

    fn from_str(s: &str) -> Result<Features, FeatureParseError> {
        Features::default().apply(s)
    }
}

/// Prints the enabled features as `+a,+b` (empty for the MVP).
impl fmt::Display for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for feature in Feature::ALL.into_iter().filter(|&x| self.has(x)) {
            if !first {
                f.write_str(",")?;
            }
            first = false;
            write!(f, "+{feature}")?;
        }
        Ok(())
    }
}

/// An unknown feature name in a feature list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown WebAssembly feature `{0}` (known: multi-value, sign-ext, nontrapping-fptoint, \
     bulk-memory, mutable-globals, reference-types, tail-call, simd128)"
)]
pub struct FeatureParseError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_through_display() {
        for spec in [
            "",
            "-tail-call",
            "+simd128,-bulk-memory",
            " sign-ext , -multi-value ",
        ] {
            let f: Features = spec.parse().unwrap();
            let again = Features::mvp().apply(&f.to_string()).unwrap();
            assert_eq!(f, again, "{spec}");
        }
    }

    #[test]
    fn defaults_and_errors() {
        let d = Features::default();
        assert!(d.has(Feature::TailCall) && d.has(Feature::MultiValue) && !d.has(Feature::Simd128));
        assert_eq!(
            "+bogus".parse::<Features>(),
            Err(FeatureParseError("bogus".into()))
        );
        let w = Features::mvp()
            .with(Feature::BulkMemory, true)
            .wasmparser_features();
        assert!(w.bulk_memory() && !w.tail_call() && !w.sign_extension() && w.floats());
    }
}
