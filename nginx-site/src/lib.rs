//! Typed nginx reverse-proxy server blocks.
//!
//! This crate is a placeholder in the workspace layout of ARCHITECTURE.md; its types come with a later change.
#![deny(missing_docs)]
