//! The one macro for checked strings.

/// The conversions of a checked string newtype `$ty(String)` whose `FromStr` is its checking constructor:
/// `TryFrom<String>` through it (so that serde's `try_from = "String"` checks), `From<$ty> for String`,
/// `as_str`, and `Display` writing the text as it is (so that `parse(display(x)) == x`).
#[macro_export]
macro_rules! checked_string {
    ($ty:ident, $error:ty) => {
        impl TryFrom<String> for $ty {
            type Error = $error;
            fn try_from(s: String) -> Result<$ty, $error> {
                s.parse()
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
                f.write_str(&self.0)
            }
        }
    };
}
