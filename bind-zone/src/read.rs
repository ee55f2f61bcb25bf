//! Lenient readers of files written by hand: a zone file (`$ORIGIN`, `$TTL`, relative names, `@`, owners
//! carried over from the line above, parentheses, comments) and the `named.conf` statements a small farm
//! uses (`zone`, `options`, `listen-on`, `allow-recursion`). Every value goes through this crate's checked
//! constructors; a syntax error or a refused value is a [`ReadError`] at its line and column. What the
//! readers understand but this crate does not type (an MX, a `forwarders` statement) is given back by
//! name and place, for the caller to report.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::{AddressMatchElement, ConfPath, Name, RData, Record, Serial, Soa, Ttl, ZoneStatement};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;
use vocabulary::read::{Statement, Syntax, Word};

/// A zone file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneRead {
    /// The first `$TTL`.
    pub ttl: Option<At<Ttl>>,
    /// The SOA record.
    pub soa: Option<At<Soa>>,
    /// Every A, AAAA, NS, CNAME and PTR record, owners made absolute.
    pub records: Vec<At<Record>>,
    /// The type of every other record (`MX`, `TXT`, `SRV`, `CAA`, ...), and a `$INCLUDE`, by place.
    pub others: Vec<At<String>>,
}

/// `named.conf` statements as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedConfRead {
    /// The `type master`/`type primary` zones with their file.
    pub zones: Vec<At<ZoneStatement>>,
    /// `listen-on`, at the top level or in `options`.
    pub listen_on: Option<At<Vec<AddressMatchElement>>>,
    /// `allow-recursion`, at the top level or in `options`.
    pub allow_recursion: Option<At<Vec<AddressMatchElement>>>,
    /// The keyword of every other statement (a secondary zone is `zone`), by place.
    pub others: Vec<At<String>>,
}

/// A zone file's entries: each its tokens and whether its line started with blank space (the owner
/// carried over); parentheses join lines, `;` starts a comment.
fn zone_entries(text: &str) -> Result<Vec<(bool, Vec<Word>)>, ReadError> {
    let mut entries = Vec::new();
    let mut tokens: Vec<Word> = Vec::new();
    let mut blank_start = false;
    let mut depth: Option<(usize, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if depth.is_none() {
            blank_start = line.starts_with([' ', '\t']);
        }
        let mut chars = line.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            let col = line[..chars.peek().map_or(line.len(), |(i, _)| *i)]
                .chars()
                .count();
            match c {
                ';' => break,
                ' ' | '\t' | '\r' => {}
                '(' if depth.is_none() => depth = Some((n, col)),
                '(' => return Err(ReadError::new(n, col, "`(` inside parentheses")),
                ')' if depth.is_some() => depth = None,
                ')' => return Err(ReadError::new(n, col, "`)` with no `(` before it")),
                '"' => {
                    let mut s = String::new();
                    let mut closed = false;
                    while let Some((_, c)) = chars.next() {
                        match c {
                            '"' => {
                                closed = true;
                                break;
                            }
                            '\\' => {
                                if let Some((_, c)) = chars.next() {
                                    s.push('\\');
                                    s.push(c);
                                }
                            }
                            c => s.push(c),
                        }
                    }
                    if !closed {
                        return Err(ReadError::new(
                            n,
                            col,
                            "a quoted string not closed on its line",
                        ));
                    }
                    tokens.push(Word {
                        text: s,
                        line: n,
                        col,
                        quoted: true,
                    });
                }
                c => {
                    let mut s = String::from(c);
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() || matches!(c, ';' | '(' | ')' | '"') {
                            break;
                        }
                        s.push(c);
                        chars.next();
                    }
                    tokens.push(Word {
                        text: s,
                        line: n,
                        col,
                        quoted: false,
                    });
                }
            }
        }
        if depth.is_none() && !tokens.is_empty() {
            entries.push((blank_start, std::mem::take(&mut tokens)));
        }
    }
    if let Some((line, col)) = depth {
        return Err(ReadError::new(line, col, "`(` never closed"));
    }
    Ok(entries)
}

fn name_in(token: &Word, origin: &Name) -> Result<Name, ReadError> {
    if token.quoted {
        return Err(token.error("a quoted string where a name goes"));
    }
    if token.text == "@" {
        return Ok(origin.clone());
    }
    let name = Name::new(&token.text).map_err(|e| token.error(e.to_string()))?;
    name.join(origin).map_err(|e| token.error(e.to_string()))
}

/// Reads a zone file whose origin, until a `$ORIGIN`, is `origin` (taken as absolute).
pub fn read_zone(text: &str, origin: &Name) -> Result<ZoneRead, ReadError> {
    let mut origin = origin
        .join(&Name::root())
        .map_err(|e| ReadError::new(1, 1, e.to_string()))?;
    let mut read = ZoneRead::default();
    let mut owner: Option<Name> = None;
    for (blank_start, tokens) in zone_entries(text)? {
        let first = &tokens[0];
        match first.text.as_str() {
            "$ORIGIN" | "$TTL" | "$INCLUDE" | "$GENERATE" => {
                let Some(value) = tokens.get(1) else {
                    return Err(first.error(format!("{} needs a value", first.text)));
                };
                match first.text.as_str() {
                    "$ORIGIN" => origin = name_in(value, &origin)?,
                    "$TTL" => {
                        let ttl = value.parse::<Ttl>("$TTL")?;
                        read.ttl.get_or_insert(first.at(ttl));
                    }
                    _ => read.others.push(first.at(first.text.clone())),
                }
                continue;
            }
            t if t.starts_with('$') => {
                return Err(first.error(format!("unknown directive {t}")));
            }
            _ => {}
        }
        let mut rest = tokens.iter().peekable();
        if !blank_start {
            let token = rest.next().unwrap_or(first);
            owner = Some(name_in(token, &origin)?);
        }
        let Some(owner) = owner.clone() else {
            return Err(first.error("a record with no owner before it"));
        };
        let mut ttl = None;
        let mut rtype = None;
        for token in rest.by_ref() {
            if token.text.eq_ignore_ascii_case("IN") {
                continue;
            }
            if ttl.is_none() && token.text.starts_with(|c: char| c.is_ascii_digit()) {
                ttl = Some(token.parse::<Ttl>("TTL")?);
                continue;
            }
            rtype = Some(token);
            break;
        }
        let Some(rtype) = rtype else {
            return Err(first.error("a record with no type"));
        };
        let data: Vec<&Word> = rest.collect();
        let one = |what: &str| -> Result<&Word, ReadError> {
            match data.as_slice() {
                [one] => Ok(one),
                _ => Err(rtype.error(format!("{what} takes one value, not {}", data.len()))),
            }
        };
        let rdata = match rtype.text.to_ascii_uppercase().as_str() {
            "A" => RData::A(one("an A record")?.parse::<Ipv4Addr>("IPv4 address")?),
            "AAAA" => RData::Aaaa(one("an AAAA record")?.parse::<Ipv6Addr>("IPv6 address")?),
            "NS" => RData::Ns(name_in(one("an NS record")?, &origin)?),
            "CNAME" => RData::Cname(name_in(one("a CNAME record")?, &origin)?),
            "PTR" => RData::Ptr(name_in(one("a PTR record")?, &origin)?),
            "SOA" => {
                let [mname, rname, serial, refresh, retry, expire, minimum] = data.as_slice()
                else {
                    return Err(rtype.error(format!("an SOA takes 7 values, not {}", data.len())));
                };
                let soa = Soa::new(
                    name_in(mname, &origin)?,
                    name_in(rname, &origin)?,
                    serial.parse::<Serial>("serial")?,
                    refresh.parse::<Ttl>("refresh")?,
                    retry.parse::<Ttl>("retry")?,
                    expire.parse::<Ttl>("expire")?,
                    minimum.parse::<Ttl>("minimum")?,
                )
                .map_err(|e| rtype.error(e.to_string()))?;
                if read.soa.is_some() {
                    return Err(first.error("a second SOA"));
                }
                read.soa = Some(first.at(soa));
                continue;
            }
            t if t.chars().all(|c| c.is_ascii_alphanumeric()) && !data.is_empty() => {
                read.others.push(first.at(t.to_owned()));
                continue;
            }
            _ => {
                return Err(rtype.error(format!(
                    "{:?} is not a record type followed by its data",
                    rtype.text
                )));
            }
        };
        let record = Record::new(owner, ttl, rdata).map_err(|e| first.error(e.to_string()))?;
        read.records.push(first.at(record));
    }
    Ok(read)
}

/// named.conf's syntax: `#`, `//` and `/* */` comments, `"` quotes, a `;` after every statement (a `;`
/// alone passed over), a block standing alone as an element of a list.
const CONF_SYNTAX: Syntax = Syntax::new("statement")
    .line_comments(&["#", "//"])
    .block_comment("/*", "*/")
    .empty_statements()
    .semicolon_after_blocks()
    .anonymous_blocks();

fn address_list(statement: &Statement) -> Result<At<Vec<AddressMatchElement>>, ReadError> {
    let key = statement.keyword();
    let Some(block) = statement.block() else {
        return Err(key.error(format!("{} needs a {{ list }}", key.text)));
    };
    let mut list = Vec::new();
    for element in block {
        match element.words() {
            [one] if element.block().is_none() => {
                list.push(one.parse::<AddressMatchElement>("address match element")?)
            }
            _ => {
                let w = element.keyword();
                return Err(w.error("a nested address match list"));
            }
        }
    }
    Ok(key.at(list))
}

fn zone(statement: &Statement) -> Result<Option<ZoneStatement>, ReadError> {
    let key = statement.keyword();
    let (Some(name), Some(block)) = (statement.words().get(1), statement.block()) else {
        return Err(key.error("zone needs a name and a { block }"));
    };
    let name = Name::new(&name.text).map_err(|e| name.error(e.to_string()))?;
    let mut primary = false;
    let mut file = None;
    for item in block {
        match item.words() {
            [k, v] if k.text == "type" => primary = matches!(v.text.as_str(), "master" | "primary"),
            [k, v] if k.text == "file" => {
                file = Some(ConfPath::new(&v.text).map_err(|e| v.error(e.to_string()))?)
            }
            _ => {}
        }
    }
    match (primary, file) {
        (true, Some(file)) => ZoneStatement::primary(name, file)
            .map(Some)
            .map_err(|e| key.error(e.to_string())),
        _ => Ok(None),
    }
}

fn interpret(list: &[Statement], read: &mut NamedConfRead) -> Result<(), ReadError> {
    for statement in list {
        let key = statement.keyword();
        match key.text.as_str() {
            "options" if statement.block().is_some() => {
                interpret(statement.block().unwrap_or_default(), read)?
            }
            "zone" => match zone(statement)? {
                Some(z) => read.zones.push(key.at(z)),
                None => read.others.push(key.at("zone".to_owned())),
            },
            "listen-on" if statement.words().len() == 1 => {
                read.listen_on = Some(address_list(statement)?)
            }
            "allow-recursion" => read.allow_recursion = Some(address_list(statement)?),
            other => read.others.push(key.at(other.to_owned())),
        }
    }
    Ok(())
}

/// Reads `named.conf` statements: the primary zones, `listen-on` and `allow-recursion` (in `options` or
/// alone, as a fragment of it); every other statement by its keyword.
pub fn read_named_conf(text: &str) -> Result<NamedConfRead, ReadError> {
    let list = CONF_SYNTAX.read(text)?;
    let mut read = NamedConfRead::default();
    interpret(&list, &mut read)?;
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_written_by_hand_reads() {
        let text = "$TTL 1h ; default\n$ORIGIN farm.\n@ IN SOA ns hostmaster (\n 2011031200 ; serial\n 1h 30m\n 2w 30m)\n\n        IN NS ns\nns IN A 10.10.0.254\nmail 3600 IN MX 10 mx\nskaro.xivo.vm IN A 10.10.60.2\n";
        let zone = read_zone(text, &Name::new("farm").unwrap()).unwrap();
        assert_eq!(zone.ttl.unwrap().value.to_string(), "1h");
        let soa = zone.soa.unwrap();
        assert_eq!((soa.line, soa.value.serial()), (3, Serial::new(2011031200)));
        assert_eq!(soa.value.mname().to_string(), "ns.farm.");
        let records: Vec<String> = zone
            .records
            .iter()
            .map(|r| format!("{} {}", r.line, r.value))
            .collect();
        assert_eq!(records.len(), 3, "{records:?}");
        assert!(records[0].starts_with("8 farm."), "{records:?}");
        assert_eq!(zone.others[0].value, "MX");
        assert_eq!(zone.others[0].line, 10);
    }

    #[test]
    fn syntax_errors_are_placed() {
        let origin = Name::new("farm.").unwrap();
        let e = read_zone("@ IN SOA ns hm (\n1 2 3 4 5\n", &origin).unwrap_err();
        assert_eq!((e.line, e.col), (1, 16));
        let e = read_zone("ns IN A 10.0.0.256\n", &origin).unwrap_err();
        assert_eq!((e.line, e.col), (1, 9));
        let e = read_zone("n\"s IN A 10.0.0.1\n", &origin).unwrap_err();
        assert_eq!(e.line, 1);
        let e = read_named_conf("zone \"farm\" {\n type master;\n file \"a\"\n};\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 1));
    }

    #[test]
    fn named_conf_statements_read() {
        let text = "// local\nzone \"10.10.in-addr.arpa\" {\n type master;\n file \"/etc/bind/db.10.10\";\n};\noptions { listen-on { 127.0.0.1; 10.10.0.254; }; forwarders { 1.1.1.1; }; };\nallow-recursion { 10.0.0.0/8; };\n";
        let read = read_named_conf(text).unwrap();
        assert_eq!(read.zones[0].line, 2);
        assert_eq!(
            read.zones[0].value.name().to_string(),
            "10.10.in-addr.arpa."
        );
        assert_eq!(read.listen_on.unwrap().value.len(), 2);
        assert_eq!(read.allow_recursion.unwrap().line, 7);
        assert_eq!(read.others[0].value, "forwarders");
        let e = read_named_conf("listen-on { 1.2.3.4; a;b; };").unwrap_err();
        assert_eq!((e.line, e.col), (1, 22));
    }
}
