//! TXT data: character-strings of at most 255 bytes, quoted and escaped.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The longest character-string.
const MAX_STRING: usize = 255;
/// The most TXT data one record holds (its RDATA length, with each string's length byte).
const MAX_RDATA: usize = 65_535;

/// The data of a TXT record: one or more character-strings of at most 255 bytes each.
///
/// Written as `"..."` strings separated by a space; `"` and `\` are escaped with `\`, and every byte outside
/// printable ASCII as `\DDD`, so that any text, with line breaks, `;` or quotes, stays inside its string.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Txt {
    strings: Vec<Box<[u8]>>,
}

impl Txt {
    /// `text` split into strings of 255 bytes (so a long SPF or DKIM value fits).
    pub fn new(text: &str) -> Result<Txt, Error> {
        let bytes = text.as_bytes();
        let strings: Vec<Box<[u8]>> = if bytes.is_empty() {
            vec![Box::default()]
        } else {
            bytes.chunks(MAX_STRING).map(Box::from).collect()
        };
        Txt::from_strings(strings)
    }

    /// The character-strings as given, each at most 255 bytes, at least one.
    pub fn from_strings<I, S>(strings: I) -> Result<Txt, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<Box<[u8]>>,
    {
        let strings: Vec<Box<[u8]>> = strings.into_iter().map(Into::into).collect();
        if strings.is_empty() {
            return Err(Error::InvalidTxt {
                text: String::new(),
                reason: "it holds no string",
            });
        }
        if let Some(long) = strings.iter().find(|s| s.len() > MAX_STRING) {
            return Err(Error::TxtTooLong {
                len: long.len(),
                max: MAX_STRING,
            });
        }
        let rdata: usize = strings.iter().map(|s| s.len() + 1).sum();
        if rdata > MAX_RDATA {
            return Err(Error::TxtTooLong {
                len: rdata,
                max: MAX_RDATA,
            });
        }
        Ok(Txt { strings })
    }

    /// The character-strings.
    pub fn strings(&self) -> impl Iterator<Item = &[u8]> {
        self.strings.iter().map(|s| &**s)
    }
}

impl fmt::Display for Txt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, string) in self.strings.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str("\"")?;
            for &b in string.iter() {
                match b {
                    b'"' | b'\\' => write!(f, "\\{}", char::from(b))?,
                    0x20..=0x7e => write!(f, "{}", char::from(b))?,
                    _ => write!(f, "\\{b:03}")?,
                }
            }
            f.write_str("\"")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Txt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Txt({self})")
    }
}

impl FromStr for Txt {
    type Err = Error;
    /// One or more `"quoted strings"` separated by white space, with `\X` and `\DDD` escapes.
    fn from_str(text: &str) -> Result<Txt, Error> {
        let invalid = |reason| Error::InvalidTxt {
            text: text.to_owned(),
            reason,
        };
        let mut strings = Vec::new();
        let mut rest = text.trim_start_matches([' ', '\t']);
        while !rest.is_empty() {
            let (string, after) = quoted(rest).map_err(invalid)?;
            strings.push(string.into_boxed_slice());
            let trimmed = after.trim_start_matches([' ', '\t']);
            if trimmed.len() == after.len() && !trimmed.is_empty() {
                return Err(invalid("strings must be separated by white space"));
            }
            rest = trimmed;
        }
        Txt::from_strings(strings)
    }
}

/// Reads one quoted string from the start of `text`; returns its bytes and what follows it.
pub(crate) fn quoted(text: &str) -> Result<(Vec<u8>, &str), &'static str> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return Err("a string must start with a quote");
    }
    let mut out = Vec::new();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return Ok((out, &text[i + 1..])),
            b'\\' => {
                let digits = bytes
                    .get(i + 1..i + 4)
                    .filter(|d| d.iter().all(u8::is_ascii_digit));
                if let Some(digits) = digits {
                    let value = digits
                        .iter()
                        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
                    out.push(u8::try_from(value).map_err(|_| "a \\DDD escape is over 255")?);
                    i += 4;
                } else {
                    match bytes.get(i + 1) {
                        Some(&next) if (0x20..=0x7e).contains(&next) && !next.is_ascii_digit() => {
                            out.push(next);
                            i += 2;
                        }
                        _ => {
                            return Err(
                                "a backslash must escape a printable character or be \\DDD",
                            );
                        }
                    }
                }
            }
            0x20..=0x7e => {
                out.push(b);
                i += 1;
            }
            _ => return Err("a string holds a control or non-ASCII character; escape it as \\DDD"),
        }
    }
    Err("a string is not closed")
}

vocabulary::string_conversions!(Txt, Error);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let txt = Txt::new("a \"b\" \\c;\nd\u{e9}").unwrap();
        assert_eq!(txt.to_string(), r#""a \"b\" \\c;\010d\195\169""#);
        assert_eq!(txt.to_string().parse::<Txt>().unwrap(), txt);
    }

    #[test]
    fn long_text_is_split() {
        let txt = Txt::new(&"x".repeat(600)).unwrap();
        let lens: Vec<usize> = txt.strings().map(<[u8]>::len).collect();
        assert_eq!(lens, [255, 255, 90]);
        assert!(Txt::new(&"x".repeat(70_000)).is_err());
        assert!(Txt::from_strings([vec![b'x'; 256]]).is_err());
    }

    #[test]
    fn parse_refusals() {
        for bad in [
            "",
            "abc",
            "\"abc",
            "\"a\"\"b\"",
            "\"\\256\"",
            "\"a\nb\"",
            "\"\\\"",
            "\"é\"",
        ] {
            assert!(bad.parse::<Txt>().is_err(), "{bad:?}");
        }
        assert_eq!("\"a\" \"b\"".parse::<Txt>().unwrap().strings().count(), 2);
        assert_eq!("\"\"".parse::<Txt>().unwrap(), Txt::new("").unwrap());
    }
}
