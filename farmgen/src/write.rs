//! Writing a render's trees in place, so that whatever fails or is killed, every file is wholly old or
//! wholly new, and nothing is written through a link.
//!
//! Everything is reached from folders opened without following links ([`Dir`]). A tree that does not
//! exist yet is written whole beside its place (`.NODE.farmgen-new`) and renamed into it. In a tree that
//! exists, each changed file (or link) is written under a short temporary name in its folder
//! (`.farmgen-K.tmp`, created `O_EXCL|O_NOFOLLOW`, owner, group, mode and extended attributes set on the
//! descriptor), made durable, and then the commit:
//!
//! 1. a journal (`etc/.farmgen-journal`) lists every rename to come, with the identity (inode) of each new
//!    file, and is made durable;
//! 2. each new file is swapped with the old one (`RENAME_EXCHANGE`: the old file stays, under the
//!    temporary name) or renamed to a free name (`RENAME_NOREPLACE`); each file to remove is renamed away;
//! 3. the old files are removed, the folders synced, the journal removed.
//!
//! A step of 2 that fails undoes the ones before it in reverse (the old files are still there), and the
//! error says whether the tree is wholly old again. A render killed during 2 leaves the journal: the next
//! render finishes the commit ([`recover`]) before anything else, telling the files already swapped by
//! their inode.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::io::{self, Write as _};

use farm_model::Contents;

pub use crate::dir::{Dir, Found, Id, Keep, MANAGED_LIMIT, Read};

/// The journal of a commit under way, in a tree.
pub const JOURNAL: &str = "etc/.farmgen-journal";

/// The temporary name of the `k`-th file of a commit: short whatever the file's name (a name of 255 bytes
/// has a temporary name of a few).
pub fn temp_name(k: usize) -> String {
    format!(".farmgen-{k}.tmp")
}

/// Whether `name` is a temporary name farmgen makes (a killed run's leftover, if no journal names it).
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(".farmgen-") && name.ends_with(".tmp")
}

/// The folder a tree named `name` is written into when nothing is at its place yet.
pub fn new_tree_name(name: &str) -> String {
    format!(".{name}.farmgen-new")
}

/// Whether `name` is a folder [`new_tree_name`] makes, left by a render that did not finish.
pub fn is_new_tree(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".farmgen-new")
}

/// One file of a commit.
#[derive(Debug)]
pub struct Change<'a> {
    /// Its path under the tree's root, names separated by `/` (`etc/bind/db.farm`).
    pub path: &'a str,
    /// What it will hold.
    pub contents: &'a Contents,
    /// The identity of what is at its path now, or `None` if nothing is.
    pub replaces: Option<Id>,
    /// The owner, group, mode and extended attributes it gets (a replaced file's own, or a new path's).
    pub keep: Keep,
}

/// A file or link a commit removes.
#[derive(Debug, Clone)]
pub struct Removal {
    /// Its path under the tree's root.
    pub path: String,
    /// Its identity, as seen when it was found to be stale.
    pub id: Id,
}

/// Where a tree is.
#[derive(Debug, Clone, Copy)]
pub enum Root<'a> {
    /// A tree that exists, opened.
    Existing(&'a Dir),
    /// A tree that does not exist yet: the folder `name` in `parent`.
    New {
        /// The folder it goes in.
        parent: &'a Dir,
        /// Its name.
        name: &'a str,
    },
}

/// The work of a commit in one tree.
#[derive(Debug)]
pub struct Tree<'a> {
    /// Where the tree is.
    pub root: Root<'a>,
    /// Its files to write, sorted by path.
    pub changes: Vec<Change<'a>>,
    /// Its files to remove.
    pub removals: Vec<Removal>,
}

impl<'a> Tree<'a> {
    /// A tree that does not exist yet, `name` in `parent`, of `files` (path under the tree, contents), each
    /// owned as `ids` gives [`crate::owner::debian`] of its path.
    pub fn first(
        parent: &'a Dir,
        name: &'a str,
        files: &'a [(String, Contents)],
        ids: &crate::owner::Ids,
    ) -> Tree<'a> {
        Tree {
            root: Root::New { parent, name },
            changes: files
                .iter()
                .map(|(path, contents)| Change {
                    path,
                    contents,
                    replaces: None,
                    keep: ids.file(path),
                })
                .collect(),
            removals: Vec::new(),
        }
    }
}

/// From this many changed files on, their data is made durable by one `syncfs` per folder instead of a
/// `fsync` each (20,017 files: seconds on a disk). Below, a `fsync` each: a `syncfs` also writes out
/// whatever else waits on the filesystem (a build's files: most of a second, measured).
pub const SYNC_AT_ONCE: usize = 512;

/// The folder part and the name of a path under a tree (`""` for a file at its root).
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// One tree's folders, opened (made if missing, each made folder given `folder_keep` of its path).
struct Folders {
    root: Dir,
    by_path: HashMap<String, Dir>,
}

impl Folders {
    fn get(&self, folder: &str) -> &Dir {
        self.by_path.get(folder).unwrap_or(&self.root)
    }

    /// Opens (or makes) `folder` and each folder above it.
    fn make(&mut self, folder: &str, folder_keep: &dyn Fn(&str) -> Keep) -> io::Result<()> {
        if folder.is_empty() || self.by_path.contains_key(folder) {
            return Ok(());
        }
        let (above, name) = split(folder);
        self.make(above, folder_keep)?;
        let (dir, made) = self.get(above).make_folder(OsStr::new(name), 0o700)?;
        if made {
            dir.apply(&folder_keep(folder))?;
        }
        self.by_path.insert(folder.to_owned(), dir);
        Ok(())
    }
}

/// A file written under its temporary name (or its own name, in a new tree).
#[derive(Debug)]
struct Staged {
    tree: usize,
    change: usize,
    temp: String,
    /// Its identity, for the journal (none in a new tree, which has no journal).
    id: Option<Id>,
}

/// One rename of a commit, as the journal lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    /// `put`: the new file at `temp` goes to `path` (swapped with what is there, if `swap`);
    /// `del`: `path` goes away to `temp`.
    put: bool,
    swap: bool,
    /// The inode of the new file (`put`) or of the file to remove (`del`).
    ino: u64,
    temp: String,
    path: String,
}

impl Step {
    fn line(&self) -> String {
        let op = match (self.put, self.swap) {
            (true, true) => "swap",
            (true, false) => "put",
            (false, _) => "del",
        };
        format!("{op}\t{}\t{}\t{}\n", self.ino, self.temp, self.path)
    }

    fn parse(line: &str) -> Option<Step> {
        let mut fields = line.split('\t');
        let (put, swap) = match fields.next()? {
            "swap" => (true, true),
            "put" => (true, false),
            "del" => (false, false),
            _ => return None,
        };
        let ino = fields.next()?.parse().ok()?;
        let temp = fields.next()?.to_owned();
        let path = fields.next()?.to_owned();
        fields.next().is_none().then_some(Step {
            put,
            swap,
            ino,
            temp,
            path,
        })
    }
}

/// How many files of one folder a thread writes at a time.
const FOLDER_TURN: usize = 64;

/// The files (sorted by folder) cut into runs of at most [`FOLDER_TURN`] files of one folder, the folders
/// taking turns: threads taking the next run work in different folders, instead of waiting on each other
/// for the same folder's lock.
fn folder_turns(folders: &[(usize, &str)]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<Vec<std::ops::Range<usize>>> = Vec::new();
    let mut index: HashMap<(usize, &str), usize> = HashMap::new();
    let mut start = 0;
    for i in 1..=folders.len() {
        if folders.get(i) != Some(&folders[start]) || i - start == FOLDER_TURN {
            let slot = *index.entry(folders[start]).or_insert_with(|| {
                runs.push(Vec::new());
                runs.len() - 1
            });
            runs[slot].push(start..i);
            start = i;
        }
    }
    let longest = runs.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|turn| runs.iter().filter_map(move |r| r.get(turn).cloned()))
        .collect()
}

/// Writes `bytes` into a file just made, sets its attributes, and makes it durable if `sync`; its identity
/// if `identify` (the journal's need).
fn fill(
    mut file: std::fs::File,
    bytes: &[u8],
    keep: &Keep,
    sync: bool,
    identify: bool,
) -> io::Result<Option<Id>> {
    file.write_all(bytes)?;
    crate::dir::apply(&file, keep)?;
    if sync || !cfg!(target_os = "linux") {
        file.sync_all()?;
    }
    if !identify {
        return Ok(None);
    }
    let stat = rustix::fs::fstat(&file)?;
    Ok(Some(Id {
        dev: stat.st_dev,
        ino: stat.st_ino,
    }))
}

/// Writes one change at `name` in `dir`: exclusively at its own name in a new tree, else at a temporary
/// name (a leftover file or link there removed first, never followed). Its identity, where it is staged
/// for the journal (not `fresh`).
fn stage(
    dir: &Dir,
    name: &str,
    change: &Change<'_>,
    fresh: bool,
    sync: bool,
) -> io::Result<Option<Id>> {
    let name = OsStr::new(name);
    match change.contents {
        Contents::Text(text) => {
            let file = if fresh {
                dir.create(name)?
            } else {
                dir.create_over(name)?
            };
            fill(file, text.as_bytes(), &change.keep, sync, !fresh).map_err(|e| {
                let _ = dir.remove(name);
                crate::dir::named(&dir.shown(name), e)
            })
        }
        Contents::Link(target) => {
            if fresh {
                dir.symlink(target, name)?;
                return Ok(None);
            }
            dir.symlink_over(target, name)?;
            match dir.find(name) {
                Found::Link(id) => Ok(Some(id)),
                _ => Err(crate::dir::named(
                    &dir.shown(name),
                    io::Error::other("the link just made is gone"),
                )),
            }
        }
    }
}

/// An error of a commit that changed nothing.
fn unchanged(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{e}\nnothing was changed"))
}

/// Writes every tree's changes and removals: wholly, or not at all (see the module's documentation).
/// Files are written on every core. `folder_keep` gives a folder that has to be made its owner and mode.
pub fn write(trees: &[Tree<'_>], folder_keep: &(dyn Fn(&str) -> Keep + Sync)) -> io::Result<()> {
    // Each tree's root and folders, opened or made; a new tree beside its place.
    let mut folders = Vec::with_capacity(trees.len());
    for tree in trees {
        let root = match tree.root {
            Root::Existing(dir) => dir.try_clone()?,
            Root::New { parent, name } => {
                let hidden = new_tree_name(name);
                parent.remove_tree(OsStr::new(&hidden))?;
                let (dir, _) = parent.make_folder(OsStr::new(&hidden), 0o700)?;
                dir.apply(&folder_keep(""))?;
                dir
            }
        };
        let mut f = Folders {
            root,
            by_path: HashMap::new(),
        };
        for change in &tree.changes {
            f.make(split(change.path).0, folder_keep)?;
        }
        if matches!(tree.root, Root::Existing(_)) {
            f.make(split(JOURNAL).0, folder_keep)?;
        }
        folders.push(f);
    }
    let result = commit(trees, &folders);
    if result.is_err() {
        for tree in trees {
            if let Root::New { parent, name } = tree.root {
                let _ = parent.remove_tree(OsStr::new(&new_tree_name(name)));
            }
        }
    }
    result
}

fn commit(trees: &[Tree<'_>], folders: &[Folders]) -> io::Result<()> {
    let count: usize = trees.iter().map(|t| t.changes.len()).sum();
    let each = count < SYNC_AT_ONCE;
    // Every change, in order, with its folder: the threads' work.
    let jobs: Vec<(usize, usize)> = trees
        .iter()
        .enumerate()
        .flat_map(|(t, tree)| (0..tree.changes.len()).map(move |c| (t, c)))
        .collect();
    let keys: Vec<(usize, &str)> = jobs
        .iter()
        .map(|&(t, c)| (t, split(trees[t].changes[c].path).0))
        .collect();
    let turns = folder_turns(&keys);
    let parts = farm_model::in_turns(farm_model::threads(), turns.len(), |k| {
        let mut staged = Vec::new();
        for j in turns[k].clone() {
            let (t, c) = jobs[j];
            let change = &trees[t].changes[c];
            let (folder, name) = split(change.path);
            let fresh = matches!(trees[t].root, Root::New { .. });
            let temp = if fresh { name.to_owned() } else { temp_name(j) };
            match stage(folders[t].get(folder), &temp, change, fresh, each) {
                Ok(id) => staged.push(Staged {
                    tree: t,
                    change: c,
                    temp,
                    id,
                }),
                Err(e) => return (staged, Some(e)),
            }
        }
        (staged, None)
    });
    let mut staged = Vec::with_capacity(count);
    let mut error = None;
    for (part, e) in parts {
        staged.extend(part);
        error = error.or(e);
    }
    staged.sort_by_key(|s| (s.tree, s.change));
    let discard = |staged: &[Staged]| {
        for s in staged {
            if let Root::Existing(_) = trees[s.tree].root {
                let folder = split(trees[s.tree].changes[s.change].path).0;
                let _ = folders[s.tree].get(folder).remove(OsStr::new(&s.temp));
            }
        }
    };
    // The data made durable before any rename, and the new trees' folders with it.
    let flushed = error.map_or_else(
        || {
            for (tree, f) in trees.iter().zip(folders) {
                let new = matches!(tree.root, Root::New { .. });
                if new || !each {
                    for dir in f.by_path.values().chain([&f.root]) {
                        if each {
                            dir.sync()?;
                        } else {
                            dir.sync_filesystem()?;
                        }
                    }
                }
            }
            Ok(())
        },
        Err,
    );
    if let Err(e) = flushed {
        discard(&staged);
        return Err(unchanged(&e));
    }
    // Each existing tree's steps, in its journal.
    let mut steps: Vec<Vec<Step>> = trees.iter().map(|_| Vec::new()).collect();
    for s in &staged {
        let tree = &trees[s.tree];
        if let Root::Existing(_) = tree.root {
            let change = &tree.changes[s.change];
            let folder = split(change.path).0;
            steps[s.tree].push(Step {
                put: true,
                swap: change.replaces.is_some(),
                ino: s.id.map_or(0, |id| id.ino),
                temp: join(folder, &s.temp),
                path: change.path.to_owned(),
            });
        }
    }
    let mut k = jobs.len();
    for (t, tree) in trees.iter().enumerate() {
        for removal in &tree.removals {
            let folder = split(&removal.path).0;
            steps[t].push(Step {
                put: false,
                swap: false,
                ino: removal.id.ino,
                temp: join(folder, &temp_name(k)),
                path: removal.path.clone(),
            });
            k += 1;
        }
    }
    // The folders of removals no change touches, opened; a leftover at a removal's temporary name removed.
    let mut removal_folders: Vec<HashMap<String, Dir>> = Vec::with_capacity(trees.len());
    for (t, tree_steps) in steps.iter().enumerate() {
        let mut opened: HashMap<String, Dir> = HashMap::new();
        for step in tree_steps.iter().filter(|s| !s.put) {
            let folder = split(&step.path).0;
            if !folder.is_empty()
                && !folders[t].by_path.contains_key(folder)
                && !opened.contains_key(folder)
            {
                match folders[t].root.descend(std::path::Path::new(folder), None) {
                    Ok(Some(dir)) => {
                        opened.insert(folder.to_owned(), dir);
                    }
                    Ok(None) => {}
                    Err(e) => {
                        discard(&staged);
                        return Err(unchanged(&e));
                    }
                }
            }
            let dir = folders[t]
                .by_path
                .get(folder)
                .or_else(|| opened.get(folder));
            if let Some(dir) = dir {
                let _ = dir.remove(OsStr::new(split(&step.temp).1));
            }
        }
        removal_folders.push(opened);
    }
    let dir_of = |t: usize, folder: &str| -> Option<&Dir> {
        folders[t]
            .by_path
            .get(folder)
            .or_else(|| removal_folders[t].get(folder))
            .or_else(|| folder.is_empty().then_some(&folders[t].root))
    };
    for (t, tree_steps) in steps.iter().enumerate() {
        if tree_steps.is_empty() {
            continue;
        }
        let text: String = tree_steps.iter().map(Step::line).collect();
        if let Err(e) = write_journal(folders[t].get(split(JOURNAL).0), &text) {
            discard(&staged);
            for f in &folders[..t] {
                let _ = f.get(split(JOURNAL).0).remove(OsStr::new(split(JOURNAL).1));
            }
            return Err(unchanged(&e));
        }
    }
    // The renames: new trees first, then each tree's steps; undone in reverse on the first failure.
    let mut done: Vec<Done> = Vec::new();
    let mut failed = None;
    'renames: for (t, tree) in trees.iter().enumerate() {
        if let Root::New { parent, name } = tree.root {
            match parent.rename_new(OsStr::new(&new_tree_name(name)), OsStr::new(name)) {
                Ok(()) => done.push(Done::Tree(t)),
                Err(e) => {
                    failed = Some(e);
                    break 'renames;
                }
            }
        }
    }
    if failed.is_none() {
        'steps: for (t, tree_steps) in steps.iter().enumerate() {
            for (i, step) in tree_steps.iter().enumerate() {
                let Some(dir) = dir_of(t, split(&step.path).0) else {
                    continue;
                };
                match apply_step(dir, step) {
                    Ok(()) => done.push(Done::Step(t, i)),
                    Err(e) => {
                        failed = Some(e);
                        break 'steps;
                    }
                }
            }
        }
    }
    if let Some(e) = failed {
        let mut stuck = Vec::new();
        for d in done.iter().rev() {
            let undone = match *d {
                Done::Tree(t) => match trees[t].root {
                    Root::New { parent, name } => parent
                        .rename_new(OsStr::new(name), OsStr::new(&new_tree_name(name)))
                        .map_err(|e| (name.to_owned(), e)),
                    Root::Existing(_) => Ok(()),
                },
                Done::Step(t, i) => {
                    let step = &steps[t][i];
                    match dir_of(t, split(&step.path).0) {
                        Some(dir) => undo_step(dir, step).map_err(|e| (step.path.clone(), e)),
                        None => Ok(()),
                    }
                }
            };
            if let Err((path, e)) = undone {
                stuck.push(format!("  {path}: {e}"));
            }
        }
        discard(&staged);
        for (t, tree_steps) in steps.iter().enumerate() {
            for step in tree_steps.iter().filter(|s| !s.put) {
                if let Some(dir) = dir_of(t, split(&step.path).0) {
                    let _ = dir.remove(OsStr::new(split(&step.temp).1));
                }
            }
            if !tree_steps.is_empty() && stuck.is_empty() {
                let _ = folders[t]
                    .get(split(JOURNAL).0)
                    .remove(OsStr::new(split(JOURNAL).1));
            }
        }
        return Err(if stuck.is_empty() {
            io::Error::new(
                e.kind(),
                format!(
                    "{e}\nthe commit stopped there and was rolled back: every file is the old one"
                ),
            )
        } else {
            io::Error::new(
                e.kind(),
                format!(
                    "{e}\nthe commit stopped there; rolling back failed for:\n{}\nthe journal {JOURNAL} is kept: the next render finishes the commit",
                    stuck.join("\n")
                ),
            )
        });
    }
    // The old files (now under the temporary names) removed, then the folders synced, then the journal.
    let mut synced: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (t, tree_steps) in steps.iter().enumerate() {
        for step in tree_steps {
            let folder = split(&step.path).0;
            if let Some(dir) = dir_of(t, folder) {
                if step.swap || !step.put {
                    let _ = dir.remove(OsStr::new(split(&step.temp).1));
                }
                synced.insert((t, folder));
            }
        }
    }
    for &(t, folder) in &synced {
        if let Some(dir) = dir_of(t, folder) {
            dir.sync()?;
        }
    }
    for (t, tree) in trees.iter().enumerate() {
        if let Root::New { parent, .. } = tree.root {
            parent.sync()?;
        }
        if !steps[t].is_empty() {
            let etc = folders[t].get(split(JOURNAL).0);
            etc.remove(OsStr::new(split(JOURNAL).1))?;
            etc.sync()?;
        }
    }
    Ok(())
}

/// A rename of the commit that was made (to undo on a failure).
#[derive(Debug, Clone, Copy)]
enum Done {
    Tree(usize),
    Step(usize, usize),
}

/// `folder/name`, or `name` at the root.
fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_owned()
    } else {
        format!("{folder}/{name}")
    }
}

/// Makes one step's rename in `dir` (the step's folder).
fn apply_step(dir: &Dir, step: &Step) -> io::Result<()> {
    let (temp, name) = (
        OsStr::new(split(&step.temp).1),
        OsStr::new(split(&step.path).1),
    );
    match (step.put, step.swap) {
        (true, true) => dir.exchange(temp, name),
        (true, false) => dir.rename_new(temp, name),
        (false, _) => dir.rename_new(name, temp),
    }
}

/// Undoes one step's rename in `dir`.
fn undo_step(dir: &Dir, step: &Step) -> io::Result<()> {
    let (temp, name) = (
        OsStr::new(split(&step.temp).1),
        OsStr::new(split(&step.path).1),
    );
    match (step.put, step.swap) {
        (true, true) => dir.exchange(temp, name),
        (true, false) => dir.rename_new(name, temp),
        (false, _) => dir.rename_new(temp, name),
    }
}

/// Writes the journal into `etc` (under a temporary name, made durable, renamed, the folder synced).
fn write_journal(etc: &Dir, text: &str) -> io::Result<()> {
    let temp = OsStr::new(".farmgen-journal.tmp");
    let mut file = etc.create_over(temp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    etc.rename(temp, OsStr::new(split(JOURNAL).1))?;
    etc.sync()
}

/// Finishes the commit a killed render left in the tree at `root` (its journal), before anything else
/// reads the tree: every new file still under its temporary name is put in place, every file to remove
/// removed; a file already in place is told by its inode. Returns how many files it put or removed, or
/// `None` if there was no journal.
pub fn recover(root: &Dir) -> io::Result<Option<usize>> {
    let (etc_path, journal) = split(JOURNAL);
    let Some(etc) = root.descend(std::path::Path::new(etc_path), None)? else {
        return Ok(None);
    };
    let text = match etc.read(OsStr::new(journal), MANAGED_LIMIT) {
        Read::Missing => return Ok(None),
        Read::Text { text, .. } => text,
        Read::Link(..) | Read::Folder | Read::Other(_) => {
            return Err(io::Error::other(format!(
                "{} is not a journal farmgen wrote; remove it by hand",
                etc.shown(journal).display()
            )));
        }
    };
    let steps: Vec<Step> = text
        .lines()
        .map(|line| {
            Step::parse(line).ok_or_else(|| {
                io::Error::other(format!(
                    "{}: a line farmgen did not write: {line:?}",
                    etc.shown(journal).display()
                ))
            })
        })
        .collect::<io::Result<_>>()?;
    let mut dirs: BTreeMap<&str, Option<Dir>> = BTreeMap::new();
    let mut finished = 0;
    for step in &steps {
        let (folder, name) = split(&step.path);
        let dir = match dirs.entry(folder) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(root.descend(std::path::Path::new(folder), None)?)
            }
        };
        let Some(dir) = dir.as_ref() else {
            continue;
        };
        let temp = split(&step.temp).1;
        let ino = |n: &str| match dir.find(n) {
            Found::File { id, .. } | Found::Link(id) => Some(id.ino),
            _ => None,
        };
        if step.put && ino(name) != Some(step.ino) && ino(temp) == Some(step.ino) {
            if step.swap && ino(name).is_some() {
                dir.exchange(OsStr::new(temp), OsStr::new(name))?;
            } else {
                dir.rename(OsStr::new(temp), OsStr::new(name))?;
            }
            finished += 1;
        } else if !step.put && ino(name) == Some(step.ino) {
            dir.rename(OsStr::new(name), OsStr::new(temp))?;
            finished += 1;
        }
    }
    for step in &steps {
        let (folder, _) = split(&step.path);
        if let Some(Some(dir)) = dirs.get(folder) {
            let temp = OsStr::new(split(&step.temp).1);
            if !matches!(dir.find(temp), Found::Missing | Found::Folder) {
                dir.remove(temp)?;
            }
            dir.sync()?;
        }
    }
    etc.remove(OsStr::new(journal))?;
    etc.sync()?;
    Ok(Some(finished))
}

/// Writes `bytes` to `name` in `dir` so that a reader sees the old file or the new one, never a part: a
/// temporary file made exclusively (no link followed), given `keep` on its descriptor, made durable and
/// renamed over `name`. For one file (`pin`).
pub fn atomically(dir: &Dir, name: &OsStr, bytes: &[u8], keep: &Keep) -> io::Result<()> {
    let temp = format!(".farmgen-{}.tmp", std::process::id());
    let temp = OsStr::new(&temp);
    let file = dir.create_over(temp)?;
    if let Err(e) = fill(file, bytes, keep, true, false) {
        let _ = dir.remove(temp);
        return Err(crate::dir::named(&dir.shown(name), e));
    }
    if let Err(e) = dir.rename(temp, name) {
        let _ = dir.remove(temp);
        return Err(e);
    }
    dir.sync()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]
mod tests {
    use super::{Dir, FOLDER_TURN, Found, JOURNAL, Step, folder_turns, recover};
    use std::ffi::OsStr;

    /// Every file once, in runs of one folder each, the folders taking turns.
    #[test]
    fn folders_take_turns() {
        let keys: Vec<(usize, &str)> = std::iter::repeat_n((0, "a"), 130)
            .chain(std::iter::repeat_n((0, "b"), 70))
            .chain([(1, "a")])
            .collect();
        let turns = folder_turns(&keys);
        let n = FOLDER_TURN;
        assert_eq!(
            turns,
            [
                0..n,
                130..130 + n,
                200..201,
                n..2 * n,
                130 + n..200,
                2 * n..130
            ]
        );
    }

    /// A journal's line reads back as the step it was written from.
    #[test]
    fn steps_read_back() {
        for (put, swap) in [(true, true), (true, false), (false, false)] {
            let step = Step {
                put,
                swap,
                ino: 42,
                temp: "etc/bind/.farmgen-3.tmp".into(),
                path: "etc/bind/db.farm".into(),
            };
            assert_eq!(Step::parse(step.line().trim_end()), Some(step));
        }
        assert_eq!(Step::parse("put\t1\ta"), None);
    }

    /// The state a render killed in the middle of its commit leaves (the journal written, the first file
    /// swapped, the second not, a stale file not yet renamed away), finished by [`recover`]: every file new,
    /// the stale one gone, no temporary file, no journal.
    #[test]
    fn recover_finishes_a_commit_killed_half_way() {
        let dir = tempfile::tempdir().unwrap();
        let etc = dir.path().join("etc");
        std::fs::create_dir(&etc).unwrap();
        for (name, text) in [
            ("a", "old a"),
            ("b", "old b"),
            ("stale", "old stale"),
            (".farmgen-0.tmp", "new a"),
            (".farmgen-1.tmp", "new b"),
            (".farmgen-2.tmp", "new c"),
        ] {
            std::fs::write(etc.join(name), text).unwrap();
        }
        let root = Dir::open(dir.path()).unwrap();
        let etc_dir = root.folder(OsStr::new("etc")).unwrap().unwrap();
        let ino = |name: &str| match etc_dir.find(name) {
            Found::File { id, .. } => id.ino,
            other => panic!("{other:?}"),
        };
        let step = |put, swap, ino, temp: &str, path: &str| Step {
            put,
            swap,
            ino,
            temp: format!("etc/{temp}"),
            path: format!("etc/{path}"),
        };
        let steps = [
            step(true, true, ino(".farmgen-0.tmp"), ".farmgen-0.tmp", "a"),
            step(true, true, ino(".farmgen-1.tmp"), ".farmgen-1.tmp", "b"),
            step(true, false, ino(".farmgen-2.tmp"), ".farmgen-2.tmp", "c"),
            step(false, false, ino("stale"), ".farmgen-3.tmp", "stale"),
        ];
        let journal: String = steps.iter().map(Step::line).collect();
        std::fs::write(dir.path().join(JOURNAL), journal).unwrap();
        // Killed after the first swap.
        etc_dir
            .exchange(OsStr::new(".farmgen-0.tmp"), OsStr::new("a"))
            .unwrap();
        assert_eq!(recover(&root).unwrap(), Some(3));
        let mut names: Vec<String> = etc_dir.names().unwrap();
        names.sort();
        assert_eq!(names, ["a", "b", "c"]);
        for (name, text) in [("a", "new a"), ("b", "new b"), ("c", "new c")] {
            assert_eq!(std::fs::read_to_string(etc.join(name)).unwrap(), text);
        }
        assert_eq!(recover(&root).unwrap(), None, "no journal left");
    }
}
