//! The one macro family for checked strings.

/// The conversions of a checked newtype `$ty` whose canonical text is its `Display`:
/// - `string_conversions!(Ty, Error, Ty::new)`: `FromStr` and `TryFrom<String>` through the checking
///   constructor (taking `&str`), so that serde's `try_from = "String"` checks;
/// - `string_conversions!(Ty, Error)`: `TryFrom<String>` through the type's own `FromStr`;
///
/// and, both, `From<Ty> for String` through `Display`.
#[macro_export]
macro_rules! string_conversions {
    ($ty:ty, $error:ty, $new:expr) => {
        impl ::std::str::FromStr for $ty {
            type Err = $error;
            fn from_str(s: &str) -> Result<$ty, $error> {
                $new(s)
            }
        }

        $crate::string_conversions!($ty, $error);
    };
    ($ty:ty, $error:ty) => {
        impl TryFrom<String> for $ty {
            type Error = $error;
            fn try_from(s: String) -> Result<$ty, $error> {
                s.parse()
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.to_string()
            }
        }
    };
}

/// Everything a checked string newtype `$ty(String)` has besides its checking constructor `$new` (taking
/// `&str`): the [`string_conversions!`] (`FromStr`, `TryFrom<String>`, `From<$ty> for String`), `as_str`,
/// and `Display` writing the text as it is, padded to a width when one is asked for (so that
/// `parse(display(x)) == x`, and columns line up).
#[macro_export]
macro_rules! checked_string {
    ($ty:ident, $error:ty, $new:expr) => {
        $crate::string_conversions!($ty, $error, $new);

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
