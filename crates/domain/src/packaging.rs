//! What a location's license file looks like on download (SPEC §4), the rules of an SV9500
//! standard server's temporary key (what may be attached to it, when the real HWKC may be
//! derived and which attachments are then activated on it), and what a demo license opens
//! (SPEC §5).

use crate::SystemType;
use crate::license::{Part, PartKind, Stacked, stack};

/// How a location's file is packaged for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packaging {
    /// One text file.
    Plain { file_name: String },
    /// A zip archive of named entries.
    Zip {
        file_name: String,
        entries: Vec<ZipEntry>,
    },
}

/// One file in a zip download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipEntry {
    /// The signed license of the location with this HWKC.
    License { name: String, hwkc: String },
    /// A plain-text log of what was issued.
    Log { name: String },
}

/// The keys a license file is issued and named for: the HWKC, and for BX/OVOC the product
/// key (the delivery serial of hardware, generated at first activation for software).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKeys<'a> {
    pub hwkc: &'a str,
    pub product_key: Option<&'a str>,
}

impl<'a> FileKeys<'a> {
    /// Keys without a product key.
    pub fn hwkc(hwkc: &'a str) -> Self {
        Self {
            hwkc,
            product_key: None,
        }
    }

    /// The BX/OVOC file stem `AA_<product key>_out` (the HWKC until a product key exists).
    fn bx_stem(self) -> String {
        format!("AA_{}_out", self.product_key.unwrap_or(self.hwkc))
    }
}

/// The download of a location: BX/OVOC `AA_<product key>_out.zip` with `.lic` and `.log`
/// (and the redundant secondary's `.lic`, named after its own product key), SR-MGC
/// `<temp key>-svi.zip`, `<hwkc>.lic` otherwise.
pub fn packaging(
    system_type: SystemType,
    keys: FileKeys<'_>,
    secondary: Option<FileKeys<'_>>,
) -> Packaging {
    let hwkc = keys.hwkc;
    match system_type {
        SystemType::BxOvoc => {
            let mut entries = vec![ZipEntry::License {
                name: format!("{}.lic", keys.bx_stem()),
                hwkc: hwkc.to_owned(),
            }];
            if let Some(secondary) = secondary {
                entries.push(ZipEntry::License {
                    name: format!("{}.lic", secondary.bx_stem()),
                    hwkc: secondary.hwkc.to_owned(),
                });
            }
            entries.push(ZipEntry::Log {
                name: format!("{}.log", keys.bx_stem()),
            });
            Packaging::Zip {
                file_name: format!("{}.zip", keys.bx_stem()),
                entries,
            }
        }
        SystemType::SrMgc => Packaging::Zip {
            file_name: format!("{hwkc}-svi.zip"),
            entries: vec![ZipEntry::License {
                name: format!("{hwkc}.lic"),
                hwkc: hwkc.to_owned(),
            }],
        },
        _ => Packaging::Plain {
            file_name: format!("{hwkc}.lic"),
        },
    }
}

/// The product key a location's license file is named after once activated: BX/OVOC
/// hardware's own (given at creation), or for BX9000/OVOC software the one generated at the
/// first activation ([`generated_product_key`]); `None` for other types.
pub fn product_key_at_activation(
    system_type: SystemType,
    location: crate::ids::LocationId,
    product_key: Option<&str>,
) -> Option<String> {
    match (system_type, product_key) {
        (SystemType::BxOvoc, Some(given)) => Some(given.to_owned()),
        (SystemType::BxOvoc, None) => Some(generated_product_key(location)),
        _ => None,
    }
}

/// The product key a BX9000/OVOC software location gets at its first activation (SPEC §4;
/// the guide's look: 16 upper-case letters and digits), derived from the location's id, so
/// it is unique and the same however often it is computed.
pub fn generated_product_key(location: crate::ids::LocationId) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = location.0.as_u128();
    (0..16)
        .map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]))
        .collect()
}

/// The feature an SV9500 standard server's virtualization option grants.
pub const VIRTUALIZATION_FEATURE: &str = "option.virtualization";

/// Attaching to an SV9500 standard server that still has its temporary key failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "while the server has its temporary key only the virtualization option may be attached; \
     attach it, enter the server's IP address, then attach part {0}"
)]
pub struct TempKeyRuleError(pub String);

/// SPEC §4: on the temporary key only the virtualization option may be attached.
///
/// # Errors
/// [`TempKeyRuleError`] naming the refused part.
pub fn check_attach_to_temp_key(
    system_type: SystemType,
    temp_key: bool,
    part: &Part,
) -> Result<(), TempKeyRuleError> {
    if temp_key
        && let Some(allowed) = system_type.temp_key_feature()
        && part.feature != allowed
    {
        return Err(TempKeyRuleError(part.part_number.to_string()));
    }
    Ok(())
}

/// An SV9500 standard server's real HWKC was asked for without the virtualization option
/// attached to its temporary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "attach the SV9500 virtualization option to the temporary key first; it is activated on the real HWKC"
)]
pub struct VirtualizationOptionRequired;

/// SPEC §4: the attachments activated on an SV9500 standard server's real HWKC once it is
/// derived: those, among `attached` (each attachment still attached, with the feature of its
/// part), that are the virtualization option.
///
/// # Errors
/// [`VirtualizationOptionRequired`] when there is none.
pub fn options_for_real_key<'a, Id>(
    attached: impl IntoIterator<Item = (Id, &'a str)>,
) -> Result<Vec<Id>, VirtualizationOptionRequired> {
    let options: Vec<Id> = attached
        .into_iter()
        .filter(|(_, feature)| *feature == VIRTUALIZATION_FEATURE)
        .map(|(id, _)| id)
        .collect();
    if options.is_empty() {
        return Err(VirtualizationOptionRequired);
    }
    Ok(options)
}

/// Why a location's real HWKC cannot be derived from a server IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ServerHwkcError {
    #[error("only an SV9500 standard server location gets its HWKC from an IP address")]
    NotAStandardServer,
    #[error("this server already has its hardware key code")]
    HwkcAlreadySet,
}

/// SPEC §4: only an SV9500 standard server, and only while it has its temporary key, gets
/// its real HWKC from the server's IP address.
///
/// # Errors
/// [`ServerHwkcError`] saying which condition fails.
pub fn check_server_hwkc_derivable(
    system_type: SystemType,
    temp_key: bool,
) -> Result<(), ServerHwkcError> {
    if system_type != SystemType::Sv9500Server {
        return Err(ServerHwkcError::NotAStandardServer);
    }
    if !temp_key {
        return Err(ServerHwkcError::HwkcAlreadySet);
    }
    Ok(())
}

/// Units of each quantity part a demo file opens: enough for any installation we sell.
pub const DEMO_UNITS: u32 = 100;

/// What a demo license opens: every feature of the system type's parts, quantities at
/// [`DEMO_UNITS`] units of each part, versions at the highest release (SPEC §5 "all
/// features"). Free-of-charge parts are included like any other.
pub fn demo_features(parts_for_type: &[Part]) -> Vec<Stacked> {
    stack(parts_for_type.iter().map(|p| {
        let units = match p.kind {
            PartKind::Quantity => DEMO_UNITS,
            PartKind::Version | PartKind::Option => 1,
        };
        (p, units)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::seed_parts;

    #[test]
    fn bx_pairs_zip_both_licenses_and_one_log() {
        let keys = |hwkc, product_key| FileKeys {
            hwkc,
            product_key: Some(product_key),
        };
        let Packaging::Zip { file_name, entries } = packaging(
            SystemType::BxOvoc,
            keys("9551484", "DT2729220"),
            Some(keys("9551485", "DT2729221")),
        ) else {
            panic!("BX downloads are zips");
        };
        assert_eq!(file_name, "AA_DT2729220_out.zip");
        let names: Vec<&str> = entries
            .iter()
            .map(|e| match e {
                ZipEntry::License { name, .. } | ZipEntry::Log { name } => name.as_str(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "AA_DT2729220_out.lic",
                "AA_DT2729221_out.lic",
                "AA_DT2729220_out.log"
            ]
        );
    }

    #[test]
    fn generated_product_keys_are_sixteen_letters_and_digits_per_location() {
        let a = crate::ids::LocationId::new_random();
        let key = generated_product_key(a);
        assert_eq!(key.len(), 16);
        assert!(
            key.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_eq!(generated_product_key(a), key);
        assert_ne!(
            generated_product_key(crate::ids::LocationId::new_random()),
            key
        );
    }

    #[test]
    fn sr_mgc_zip_and_plain_files() {
        let key = "22-121126064636-613-TEMP-KEY";
        assert!(
            matches!(packaging(SystemType::SrMgc, FileKeys::hwkc(key), None), Packaging::Zip { file_name, .. } if file_name == format!("{key}-svi.zip"))
        );
        assert_eq!(
            packaging(SystemType::Sl1000, FileKeys::hwkc("280001451316"), None),
            Packaging::Plain {
                file_name: "280001451316.lic".into()
            }
        );
    }

    #[test]
    fn only_the_virtualization_option_goes_on_a_temp_key() {
        let parts = seed_parts();
        let option = parts
            .iter()
            .find(|p| p.feature == VIRTUALIZATION_FEATURE)
            .expect("catalog has the option");
        let other = parts
            .iter()
            .find(|p| {
                p.system_types.contains(&SystemType::Sv9500Server)
                    && p.feature != VIRTUALIZATION_FEATURE
            })
            .expect("catalog has other server parts");
        assert!(check_attach_to_temp_key(SystemType::Sv9500Server, true, option).is_ok());
        assert!(check_attach_to_temp_key(SystemType::Sv9500Server, true, other).is_err());
        assert!(check_attach_to_temp_key(SystemType::Sv9500Server, false, other).is_ok());
    }

    #[test]
    fn the_real_key_activates_the_attached_virtualization_options() {
        let attached = [
            (1, "ports.ip"),
            (2, VIRTUALIZATION_FEATURE),
            (3, VIRTUALIZATION_FEATURE),
        ];
        assert_eq!(options_for_real_key(attached), Ok(vec![2, 3]));
        assert_eq!(
            options_for_real_key([(1, "ports.ip")]),
            Err(VirtualizationOptionRequired)
        );
        assert_eq!(
            options_for_real_key(Vec::<(u8, &str)>::new()),
            Err(VirtualizationOptionRequired)
        );
    }

    #[test]
    fn only_a_standard_server_on_its_temp_key_derives_its_hwkc() {
        assert_eq!(
            check_server_hwkc_derivable(SystemType::Sv9500Server, true),
            Ok(())
        );
        assert_eq!(
            check_server_hwkc_derivable(SystemType::Sv9500Server, false),
            Err(ServerHwkcError::HwkcAlreadySet)
        );
        for other in [SystemType::Sv9500, SystemType::SrMgc] {
            assert_eq!(
                check_server_hwkc_derivable(other, true),
                Err(ServerHwkcError::NotAStandardServer)
            );
        }
    }

    #[test]
    fn demo_opens_every_feature_of_the_type() {
        let parts: Vec<Part> = seed_parts()
            .into_iter()
            .filter(|p| p.system_types.contains(&SystemType::Sv8100))
            .collect();
        let features = demo_features(&parts);
        for part in &parts {
            assert!(
                features.iter().any(|s| s.feature == part.feature),
                "{} missing",
                part.feature
            );
        }
    }
}
