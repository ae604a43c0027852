//! The exceptions NumPy raises from scalar arithmetic, with its wording.

use std::fmt;

pub use crate::error::ExcKind;

/// A scalar operation NumPy refuses, with NumPy's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarError {
    /// The exception class.
    pub kind: ExcKind,
    /// The message, exactly as NumPy words it.
    pub message: String,
}

impl ScalarError {
    #[cold]
    pub(crate) fn new(kind: ExcKind, message: impl Into<String>) -> ScalarError {
        ScalarError {
            kind,
            message: message.into(),
        }
    }

    /// `ufunc 'bitwise_and' not supported for the input types, ...`
    #[cold]
    pub(crate) fn not_supported(ufunc: &str) -> ScalarError {
        ScalarError::new(
            ExcKind::TypeError,
            format!(
                "ufunc '{ufunc}' not supported for the input types, and the inputs could not be \
                 safely coerced to any supported types according to the casting rule ''safe''"
            ),
        )
    }
}

impl crate::error::PythonError for ScalarError {
    fn kind(&self) -> ExcKind {
        self.kind
    }
}

/// NumPy's message alone (the class is `kind`): this is what the exception
/// shows, so `OverflowError: ...` must not be written twice.
impl fmt::Display for ScalarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScalarError {}
