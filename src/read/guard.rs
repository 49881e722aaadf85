//! Catching a reader's panic: a dependency that panics on one file's bytes fails that file,
//! never the run.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::ReadError;

thread_local! {
    /// Whether this thread is inside [`catching`], where a panic is expected and reported
    /// as a finding instead of on stderr.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`, turning a panic inside it into [`ReadError::Damaged`].
///
/// The panic message is kept for the finding and not printed: the user sees one clear
/// sentence about the file, not a Rust backtrace note.
pub(crate) fn catching<T>(work: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    quiet_hook();
    let outer = CATCHING.replace(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.set(outer);
    match outcome {
        Ok(result) => result,
        Err(payload) => Err(ReadError::Damaged {
            detail: format!("the reader stopped: {}", panic_text(payload.as_ref())),
        }),
    }
}

/// The text of a panic's payload.
///
/// # Examples
///
/// ```
/// let payload = std::panic::catch_unwind(|| panic!("oops")).unwrap_err();
/// assert_eq!(zakrila::read::panic_text(payload.as_ref()), "oops");
/// ```
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown failure".to_string()
    }
}

/// Installs, once, a panic hook that stays quiet inside [`catching`] and otherwise does
/// what the hook before it did.
fn quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.get() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_damaged_file() {
        let outcome: Result<(), ReadError> = catching(|| panic!("no entry found for key"));
        assert_eq!(
            outcome,
            Err(ReadError::Damaged {
                detail: "the reader stopped: no entry found for key".into()
            })
        );
        assert_eq!(catching(|| Ok(5)), Ok(5));
    }
}
