//! Enums stored as text: one macro gives each its one mapping to and from the column value,
//! so no state, kind or origin string is spelled anywhere else.

/// A stored value that names no variant of its enum: the database was edited by hand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind}")]
pub struct UnknownVariant {
    /// The enum's name, e.g. `AttachmentState`.
    pub kind: &'static str,
    /// The text that did not match.
    pub value: String,
}

/// Declares an enum whose variants map one to one onto text values, with `as_str`,
/// `Display`, `FromStr` (error [`UnknownVariant`]) and snake-case serde.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored (and serialized) text of this variant.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text => Ok(Self::$variant), )+
                    other => Err($crate::text_enum::UnknownVariant {
                        kind: stringify!($name),
                        value: other.to_owned(),
                    }),
                }
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        /// A test enum.
        pub enum Colour {
            Light = "light",
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn every_variant_reads_back_from_its_text_and_serializes_as_it() {
        for c in Colour::ALL {
            assert_eq!(c.as_str().parse::<Colour>(), Ok(*c));
            assert_eq!(
                serde_json::to_string(c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
    }

    #[test]
    fn unknown_text_is_an_error_naming_the_enum() {
        let err = "grey".parse::<Colour>().unwrap_err();
        assert_eq!(err.to_string(), "\"grey\" is not a Colour");
    }
}
