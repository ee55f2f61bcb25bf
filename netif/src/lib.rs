//! Typed ifupdown /etc/network/interfaces and /etc/hosts.
//!
//! This crate is a placeholder in the workspace layout of ARCHITECTURE.md; its types come with a later change.
#![deny(missing_docs)]
