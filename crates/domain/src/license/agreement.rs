//! Activation is permanent (SPEC §2, step 5), so every activation request accepts the
//! license agreement explicitly.

/// The request did not accept the license agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("activation is permanent: accept the license agreement (accept_license_agreement: true)")]
pub struct AgreementNotAccepted;

/// Whether an activation may go ahead: only with the agreement accepted.
///
/// # Errors
/// [`AgreementNotAccepted`] when `accepted` is false.
pub fn check_agreement(accepted: bool) -> Result<(), AgreementNotAccepted> {
    if accepted {
        Ok(())
    } else {
        Err(AgreementNotAccepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_needs_the_agreement_accepted() {
        assert_eq!(check_agreement(true), Ok(()));
        assert_eq!(check_agreement(false), Err(AgreementNotAccepted));
        assert_eq!(
            AgreementNotAccepted.to_string(),
            "activation is permanent: accept the license agreement (accept_license_agreement: true)"
        );
    }
}
