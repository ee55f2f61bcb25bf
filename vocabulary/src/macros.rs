//! The one macro for checked strings.

/// Everything a checked string newtype `$ty(String)` has besides its checking constructor `$new` (taking
/// `&str`): `FromStr` and `TryFrom<String>` through `$new` (so that serde's `try_from = "String"` checks),
/// `From<$ty> for String`, `as_str`, and `Display` writing the text as it is, padded to a width when one is
/// asked for (so that `parse(display(x)) == x`, and columns line up).
#[macro_export]
macro_rules! checked_string {
    ($ty:ident, $error:ty, $new:expr) => {
        impl ::std::str::FromStr for $ty {
            type Err = $error;
            fn from_str(s: &str) -> Result<$ty, $error> {
                $new(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $error;
            fn try_from(s: String) -> Result<$ty, $error> {
                $new(&s)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }

        impl $ty {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(&self.0)
            }
        }
    };
}
