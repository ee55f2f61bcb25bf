//! Where a value is in a plan: `vms[3].address`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A key of a table.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// Where a value is in a plan, as keys and indexes from the top: written `vms[3].address`.
///
/// A path shares its parent (`vms[3]`) with its siblings (`vms[3].name`, `vms[3].address`): making one costs
/// one small allocation, however deep it is, since every value of a plan gets one while it is read.
#[derive(Clone, Default)]
pub struct Path(Option<Arc<Link>>);

struct Link {
    parent: Path,
    step: Step,
}

/// A [`Seg`] as a path keeps it: a key the code names is not copied.
enum Step {
    Key(Cow<'static, str>),
    Index(usize),
}

impl Path {
    /// The top of the plan.
    pub fn root() -> Path {
        Path(None)
    }

    fn push(&self, step: Step) -> Path {
        Path(Some(Arc::new(Link {
            parent: self.clone(),
            step,
        })))
    }

    /// This path, then `key`.
    pub fn key(&self, key: &str) -> Path {
        self.push(Step::Key(Cow::Owned(key.to_owned())))
    }

    /// This path, then a key the code names (a field of the plan): kept without a copy, since every value
    /// read gets a path.
    pub(crate) fn field(&self, key: &'static str) -> Path {
        self.push(Step::Key(Cow::Borrowed(key)))
    }

    /// This path, then `[index]`.
    pub fn index(&self, index: usize) -> Path {
        self.push(Step::Index(index))
    }

    /// This path with the index after its first step, `key`, mapped through `indexes`: `vms[1]` of a plan
    /// holding only some of its VMs becomes `vms[indexes[1]]`, their place in the plan. Any other path is
    /// kept.
    pub(crate) fn renumbered(&self, key: &str, indexes: &[usize]) -> Path {
        let segs = self.segs();
        let (Some(Seg::Key(first)), Some(Seg::Index(index))) = (segs.first(), segs.get(1)) else {
            return self.clone();
        };
        let Some(&to) = indexes.get(*index).filter(|_| first == key) else {
            return self.clone();
        };
        segs.iter()
            .skip(2)
            .fold(Path::root().key(key).index(to), |path, seg| match seg {
                Seg::Key(k) => path.key(k),
                Seg::Index(i) => path.index(*i),
            })
    }

    /// The steps, from the top.
    pub fn segs(&self) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut at = &self.0;
        while let Some(link) = at {
            segs.push(match &link.step {
                Step::Key(key) => Seg::Key(key.clone().into_owned()),
                Step::Index(index) => Seg::Index(*index),
            });
            at = &link.parent.0;
        }
        segs.reverse();
        segs
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Path) -> bool {
        self.segs() == other.segs()
    }
}

impl Eq for Path {}

impl Hash for Path {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.segs().hash(state);
    }
}

impl PartialOrd for Path {
    fn partial_cmp(&self, other: &Path) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Path {
    fn cmp(&self, other: &Path) -> Ordering {
        self.segs().cmp(&other.segs())
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let segs = self.segs();
        if segs.is_empty() {
            return f.write_str("(top)");
        }
        for (i, seg) in segs.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_share_their_parents() {
        let vm = Path::root().key("vms").index(3);
        let address = vm.key("address");
        assert_eq!(address.to_string(), "vms[3].address");
        assert_eq!(
            address.segs(),
            [
                Seg::Key("vms".into()),
                Seg::Index(3),
                Seg::Key("address".into())
            ]
        );
        assert_eq!(vm.key("address"), address);
        assert_eq!(vm.field("address"), address);
        assert!(vm.key("a") < vm.key("b"));
        assert_eq!(Path::root().to_string(), "(top)");
    }
}
