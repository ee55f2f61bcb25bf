//! The provisioning script: every command, guarded so that a second run changes nothing.

use std::borrow::Cow;
use std::fmt;

use crate::{ClusterInit, Comment, InstanceAdd, NodeAdd};

/// `word` as one shell word: as it is when it holds only characters no shell treats specially, else in
/// single quotes (a `'` inside written `'\''`). The empty word is `''`.
pub fn shell_quote(word: &str) -> Cow<'_, str> {
    let plain = !word.is_empty()
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'@' | b'%' | b'+' | b'=' | b':' | b',' | b'.' | b'/' | b'_' | b'-'
                )
        });
    if plain {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', r"'\''")))
    }
}

/// `#!/bin/sh`, `set -eu`, the cluster init unless the cluster exists, and one `gnt-instance add` per
/// instance unless `gnt-instance list NAME` knows it: safe to run twice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProvisionScript {
    /// Comment lines after the shebang.
    pub comments: Vec<Comment>,
    /// The cluster to create, if any.
    pub cluster: Option<ClusterInit>,
    /// The instances to add.
    pub instances: Vec<InstanceAdd>,
}

impl ProvisionScript {
    /// Writes the script.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        self.write_head(w)?;
        for instance in &self.instances {
            Self::write_instance(w, instance)?;
        }
        Ok(())
    }

    /// Writes what comes before the instances: the shebang, the comments, `set -eu` and the cluster's
    /// init. [`write_to`](Self::write_to) is this, then [`write_instance`](Self::write_instance) for each
    /// instance; a caller with many instances can write each as it makes it, without a list of them.
    pub fn write_head(&self, w: &mut impl fmt::Write) -> fmt::Result {
        w.write_str("#!/bin/sh\n")?;
        for comment in &self.comments {
            writeln!(w, "# {comment}")?;
        }
        w.write_str("set -eu\n")?;
        if let Some(cluster) = &self.cluster {
            w.write_str("\nif ! gnt-cluster info >/dev/null 2>&1; then\n")?;
            writeln!(w, "\t{cluster}")?;
            w.write_str("fi\n")?;
        }
        Ok(())
    }

    /// Writes one node's block: its `gnt-node add`, run unless `gnt-node list` knows it. Nodes come after
    /// the cluster's init and before the instances that live on them.
    pub fn write_node(w: &mut impl fmt::Write, node: &NodeAdd) -> fmt::Result {
        w.write_str("\nif ! gnt-node list ")?;
        w.write_str(&shell_quote(node.name().as_str()))?;
        w.write_str(" >/dev/null 2>&1; then\n\t")?;
        writeln!(w, "{node}")?;
        w.write_str("fi\n")
    }

    /// Writes one instance's block: its `gnt-instance add`, run unless `gnt-instance list` knows it.
    pub fn write_instance(w: &mut impl fmt::Write, instance: &InstanceAdd) -> fmt::Result {
        w.write_str("\nif ! gnt-instance list ")?;
        w.write_str(&shell_quote(instance.name().as_str()))?;
        w.write_str(" >/dev/null 2>&1; then\n\t")?;
        instance.write_to(w)?;
        w.write_str("\nfi\n")
    }
}

impl fmt::Display for ProvisionScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}
