//! Universal functions without Python: the ufunc definitions ([`table`]),
//! their typed inner loops ([`kernels`], chosen per loop by [`loops`]), loop
//! selection by NumPy 2's rules ([`resolve`]), the broadcasting iterator that
//! drives a loop over N-d operands ([`iter`]) and the hardware FP flags read
//! after it ([`fpe`]).
//!
//! The extension builds one [`LoopTable`] per ufunc at import (kept in its
//! module state) and, per call: resolves the loop, allocates outputs, and
//! hands raw operand descriptions to [`iter::run`].

pub mod fpe;
pub mod iter;
pub mod kernels;
pub mod loops;
pub mod reduce;
pub mod resolve;
pub mod table;

use crate::dtype::DType;
pub use kernels::{ExternLoop, Kernel, LoopFn, LoopState, extern_kernel};

/// A ufunc's identity (`np.add.identity`), the start of an empty reduction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    /// No identity (`None`).
    None,
    /// `0`
    Zero,
    /// `1`
    One,
    /// `-1`
    MinusOne,
    /// `True`
    True,
    /// `False`
    False,
    /// `-inf`
    NegInf,
}

/// One ufunc as NumPy defines it.
#[derive(Debug)]
pub struct UfuncDef {
    /// `__name__`
    pub name: &'static str,
    /// Number of inputs.
    pub nin: u8,
    /// Number of outputs.
    pub nout: u8,
    /// `identity`
    pub identity: Identity,
    /// The loops as NumPy's `types` lists them (`"dd->d"`), ours only.
    pub types: &'static [&'static str],
    /// The first line of NumPy's docstring (the call signature).
    pub signature_line: &'static str,
    /// The one-line summary of NumPy's docstring.
    pub summary: &'static str,
}

impl UfuncDef {
    /// `nin + nout`
    pub fn nargs(&self) -> usize {
        usize::from(self.nin) + usize::from(self.nout)
    }
}

/// A dtype by its type character (`'d'` is float64); `None` for characters
/// of dtypes we do not have.
pub fn dtype_of_char(c: u8) -> Option<DType> {
    DType::ALL
        .into_iter()
        .find(|d| d.char() as u32 == u32::from(c))
}

/// One loop of a ufunc: its dtypes (inputs then outputs) and kernel.
#[derive(Clone, Debug)]
pub struct Loop {
    /// Inputs then outputs.
    pub types: Box<[DType]>,
    /// The inner loop.
    pub kernel: Kernel,
    /// For a loop from outside Rust (a ufunc registered through the C API):
    /// that loop, which `kernel` ([`extern_kernel`]) calls.
    pub ext: Option<ExternLoop>,
}

impl Loop {
    /// What the iterator runs.
    pub fn loop_fn(&self) -> LoopFn {
        LoopFn {
            kernel: self.kernel,
            ext: self.ext,
        }
    }
}

/// The loops of one ufunc, in NumPy's order.
#[derive(Debug)]
pub struct LoopTable {
    /// The definition.
    pub def: &'static UfuncDef,
    /// The loops.
    pub loops: Vec<Loop>,
    /// Every loop takes one dtype for all its inputs (`add`, `sqrt`): loop
    /// selection then starts from the inputs' common dtype.
    pub uniform_inputs: bool,
    /// Per dtype (by [`DType::ALL`] position), the loop taking that dtype for
    /// every input when it is also the one loop selection picks for such
    /// inputs (the fast path's lookup).
    pub same_dtype_loop: [Option<u16>; 13],
    /// The ufunc only compares or selects (`less`, `maximum`, `sign`, ...):
    /// NumPy's loops compare quietly, so a NaN operand raises no "invalid"
    /// flag, where the vectorised comparisons LLVM emits are signalling; the
    /// caller drops the hardware's invalid flag for these.
    pub quiet_nan: bool,
    /// Per dtype, the loop reducing an array of that dtype without
    /// `dtype=` or `out=` ([`reduce::reduction_loop`]), when there is one.
    pub reduce_loop: [Option<u16>; 13],
    /// NumPy resolves this ufunc with its "simple uniform operation" rule: the
    /// inputs' common dtype must have a loop of its own (no casting to a
    /// wider loop), else `UFuncTypeError` "did not contain a loop".
    pub exact_common: bool,
    /// Registered through the C API: none of the rules NumPy keeps for its
    /// own ufuncs by name apply, whatever its name ([`LoopTable::rule_name`]).
    pub external: bool,
}

impl LoopTable {
    /// The table of `def`; `None` names a loop without a kernel (a bug the
    /// unit tests catch).
    pub fn new(def: &'static UfuncDef) -> Result<LoopTable, String> {
        let mut loops = Vec::with_capacity(def.types.len());
        for sig in def.types {
            let types: Option<Vec<DType>> = sig
                .bytes()
                .filter(|&c| c != b'-' && c != b'>')
                .map(dtype_of_char)
                .collect();
            let types = types.ok_or_else(|| format!("{}: unknown type in {sig}", def.name))?;
            let kernel = loops::kernel_for(def.name, &types)
                .ok_or_else(|| format!("{}: no kernel for {sig}", def.name))?;
            loops.push(Loop {
                types: types.into_boxed_slice(),
                kernel,
                ext: None,
            });
        }
        Ok(Self::of_loops(def, loops, false))
    }

    /// The name the per-ufunc rules of loop selection match on: the ufunc's
    /// own for NumPy's ufuncs, none (`""`) for an external one, so that a
    /// ufunc registered as `"add"` does not inherit `add`'s rules.
    pub fn rule_name(&self) -> &'static str {
        if self.external { "" } else { self.def.name }
    }

    /// The table of `def` with these loops (in `def.types` order);
    /// `external` for a ufunc registered through the C API.
    pub fn of_loops(def: &'static UfuncDef, loops: Vec<Loop>, external: bool) -> LoopTable {
        let nin = usize::from(def.nin);
        let uniform_inputs = loops
            .iter()
            .all(|l| l.types[..nin].iter().all(|&t| t == l.types[0]));
        let exact_common = !external
            && matches!(
                def.name,
                "positive" | "sign" | "maximum" | "minimum" | "fmax" | "fmin" | "gcd" | "lcm"
            );
        let quiet_nan = !external
            && matches!(
                def.name,
                "equal"
                    | "not_equal"
                    | "less"
                    | "less_equal"
                    | "greater"
                    | "greater_equal"
                    | "maximum"
                    | "minimum"
                    | "fmax"
                    | "fmin"
                    | "sign"
                    | "isnan"
                    | "isinf"
                    | "isfinite"
                    | "signbit"
                    | "heaviside"
                    | "logical_and"
                    | "logical_or"
                    | "logical_xor"
                    | "logical_not"
            );
        let mut table = LoopTable {
            def,
            loops,
            uniform_inputs,
            exact_common,
            quiet_nan,
            same_dtype_loop: [None; 13],
            reduce_loop: [None; 13],
            external,
        };
        for (k, d) in DType::ALL.into_iter().enumerate() {
            let inputs = vec![resolve::Operand::Strong(d); nin];
            let fixed = vec![None; def.nargs()];
            if let Ok(i) =
                resolve::resolve(&table, &inputs, &fixed, crate::dtype::Casting::SameKind)
                && table.loops[i].types[..nin].iter().all(|&t| t == d)
            {
                table.same_dtype_loop[k] = Some(i as u16);
            }
        }
        if def.nin == 2 && def.nout == 1 {
            for (k, d) in DType::ALL.into_iter().enumerate() {
                if let Ok(i) = reduce::reduction_loop(&table, d, None, None, false, "reduce") {
                    table.reduce_loop[k] = Some(i as u16);
                }
            }
        }
        table
    }

    /// The tables of every ufunc in [`table::UFUNCS`], in order.
    pub fn all() -> Result<Vec<LoopTable>, String> {
        table::UFUNCS.iter().map(LoopTable::new).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
    fn every_listed_loop_has_a_kernel() {
        let tables = LoopTable::all().unwrap();
        assert_eq!(tables.len(), table::UFUNCS.len());
        let add = &tables[0];
        assert_eq!(add.def.name, "add");
        assert!(add.uniform_inputs);
        assert_eq!(add.same_dtype_loop[10], Some(10), "float64 add is dd->d");
        let sqrt = tables.iter().find(|t| t.def.name == "sqrt").unwrap();
        assert_eq!(sqrt.same_dtype_loop[7], None, "sqrt(int64) casts");
        let ldexp = tables.iter().find(|t| t.def.name == "ldexp").unwrap();
        assert!(!ldexp.uniform_inputs);
    }
}
