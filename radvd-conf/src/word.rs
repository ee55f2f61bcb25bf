//! What radvd's scanner reads as one word (a `STRING` token): interface names and search domains must.

/// radvd's keywords. Its scanner is caseless and, of two matches of one length, takes the keyword: a
/// name spelled like one of these (in any case) is not read as a name.
const KEYWORDS: &[&str] = &[
    "interface",
    "prefix",
    "route",
    "rdnss",
    "dnssl",
    "clients",
    "lowpanco",
    "abro",
    "nat64prefix",
    "advrasrcaddress",
    "ignoreifmissing",
    "advsendadvert",
    "maxrtradvinterval",
    "minrtradvinterval",
    "advmanagedflag",
    "advotherconfigflag",
    "advlinkmtu",
    "advramtu",
    "advreachabletime",
    "advretranstimer",
    "advcurhoplimit",
    "advdefaultlifetime",
    "advdefaultpreference",
    "advsourcelladdress",
    "removeadvonexit",
    "advonlink",
    "advautonomous",
    "advvalidlifetime",
    "advpreferredlifetime",
    "deprecateprefix",
    "decrementlifetimes",
    "advrouteraddr",
    "advhomeagentflag",
    "advintervalopt",
    "advhomeagentinfo",
    "unicastonly",
    "unrestrictedunicast",
    "advrasolicitedunicast",
    "advcaptiveportalapi",
    "base6interface",
    "base6to4interface",
    "homeagentpreference",
    "homeagentlifetime",
    "advroutepreference",
    "advroutelifetime",
    "removeroute",
    "advrdnsspreference",
    "advrdnssopen",
    "advrdnsslifetime",
    "flushrdnss",
    "advdnssllifetime",
    "flushdnssl",
    "mindelaybetweenras",
    "advmobrtrsupportflag",
    "advcontextlength",
    "advcontextcompressionflag",
    "advcontextid",
    "advlifetime",
    "advcontextprefix",
    "advversionlow",
    "advversionhigh",
    "adv6lbraddress",
    "infinity",
    "on",
    "off",
    "low",
    "medium",
    "high",
];

/// Why radvd would not read `word` (letters, digits, `.`, `_`, `-`) as a name, if it would not: it is a
/// keyword, a number (`[0-9]+`, `-[0-9]+`) or a decimal (`[0-9]+.[0-9]+`). Names never hold `:`, so they
/// cannot be read as addresses.
pub(crate) fn not_a_word(word: &str) -> Option<&'static str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(word.strip_prefix('-').unwrap_or(word)) {
        return Some("radvd reads it as a number");
    }
    if let Some((whole, fraction)) = word.split_once('.')
        && digits(whole)
        && digits(fraction)
    {
        return Some("radvd reads it as a decimal number");
    }
    if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        return Some("radvd reads it as one of its keywords");
    }
    None
}
