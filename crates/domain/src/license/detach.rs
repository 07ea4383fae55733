//! Detaching licenses from a location back to the bin (SPEC §2, step 4): only before they
//! are activated, all of an attachment or part of it.

use crate::order::Quantity;

use super::states::AttachmentState;

/// How much of an attachment a detach takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detach {
    /// All of it: the attachment goes.
    All,
    /// Part of it: the attachment keeps the rest.
    Part(Quantity),
}

/// Why an attachment cannot be detached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DetachError {
    #[error("activated licenses can never be detached")]
    Activated,
    #[error("only {attached} attached")]
    TooMuch { attached: u32 },
}

/// What detaching `asked` (all when `None`) from an attachment in `state` holding
/// `attached` units takes back.
///
/// # Errors
/// [`DetachError::Activated`] once activated, [`DetachError::TooMuch`] for more than
/// attached.
pub fn detach_quantity(
    state: AttachmentState,
    attached: u32,
    asked: Option<Quantity>,
) -> Result<Detach, DetachError> {
    if state != AttachmentState::Attached {
        return Err(DetachError::Activated);
    }
    match asked {
        None => Ok(Detach::All),
        Some(q) if q.get() > attached => Err(DetachError::TooMuch { attached }),
        Some(q) if q.get() == attached => Ok(Detach::All),
        Some(q) => Ok(Detach::Part(q)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Quantity {
        Quantity::new("quantity", n).unwrap()
    }

    #[test]
    fn all_or_part_of_an_attachment_goes_back() {
        let attached = AttachmentState::Attached;
        assert_eq!(detach_quantity(attached, 5, None), Ok(Detach::All));
        assert_eq!(detach_quantity(attached, 5, Some(q(5))), Ok(Detach::All));
        assert_eq!(
            detach_quantity(attached, 5, Some(q(2))),
            Ok(Detach::Part(q(2)))
        );
    }

    #[test]
    fn never_more_than_attached_nor_once_activated() {
        assert_eq!(
            detach_quantity(AttachmentState::Attached, 5, Some(q(6))),
            Err(DetachError::TooMuch { attached: 5 })
        );
        assert_eq!(
            DetachError::TooMuch { attached: 5 }.to_string(),
            "only 5 attached"
        );
        assert_eq!(
            detach_quantity(AttachmentState::Activated, 5, None),
            Err(DetachError::Activated)
        );
    }
}
