//! dhcpd-conf's integration tests: the reference farm's dhcpd.conf, random configurations through
//! `dhcpd -t`, every refusal, and the defaults file through the shell.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

mod properties;
mod reference;
mod refusals;
