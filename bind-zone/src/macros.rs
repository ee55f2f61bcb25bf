//! The string conversions every checked newtype shares: `TryFrom<String>` through `FromStr` (so that serde's
//! `try_from = "String"` runs the constructor) and `From<T> for String` through `Display`.

macro_rules! string_conversions {
    ($ty:ty) => {
        impl TryFrom<String> for $ty {
            type Error = crate::Error;
            fn try_from(s: String) -> Result<Self, crate::Error> {
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

pub(crate) use string_conversions;
