//! Folders opened so that nothing below them is reached through a link: every name is looked up relative
//! to an open folder (`openat`), folders are opened `O_NOFOLLOW|O_DIRECTORY`, files are created
//! `O_EXCL|O_NOFOLLOW`. A link or a non-folder where a folder is expected is refused, never followed.

use std::ffi::{CString, OsStr};
use std::io::{self, Read as _};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Component, Path, PathBuf};

use rustix::fs::{self as fs, AtFlags, FileType, Mode, OFlags};

/// The largest managed file a render reads: a generated file is far smaller (a 100,000-VM zone is a few
/// MB); anything larger is not one of ours and is not read.
pub const MANAGED_LIMIT: u64 = 64 << 20;

/// A folder opened without following a link, and the path it was reached by (for messages).
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    path: PathBuf,
}

/// An error naming `path`.
pub fn named(path: &Path, e: impl Into<io::Error>) -> io::Error {
    let e = e.into();
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The flags every folder is opened with.
fn folder_flags() -> OFlags {
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
}

/// What is at a name, as found without following it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing.
    Missing,
    /// A regular file of this size and identity.
    File {
        /// Its size in bytes.
        size: u64,
        /// Its identity.
        id: Id,
    },
    /// A symbolic link.
    Link(Id),
    /// A folder.
    Folder,
    /// Anything else (a FIFO, a device, a socket).
    Other,
}

/// A file's identity on its filesystem: what a rename keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id {
    /// The device.
    pub dev: u64,
    /// The inode.
    pub ino: u64,
}

impl Id {
    fn of(stat: &fs::Stat) -> Id {
        Id {
            dev: stat.st_dev,
            ino: stat.st_ino,
        }
    }
}

/// Owner, group, mode and extended attributes (ACLs among them) of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep {
    /// The owner to set, if any (else the caller's).
    pub uid: Option<u32>,
    /// The group to set, if any (else the caller's).
    pub gid: Option<u32>,
    /// The permission bits.
    pub mode: u32,
    /// Extended attributes, name and value.
    pub xattrs: Vec<(CString, Vec<u8>)>,
}

/// A file read whole: its text (or why it was not read as text), identity and attributes.
#[derive(Debug)]
pub enum Read {
    /// Nothing there.
    Missing,
    /// A small UTF-8 text file.
    Text {
        /// Its text.
        text: String,
        /// Its identity.
        id: Id,
        /// Its owner, group, mode and extended attributes.
        keep: Keep,
    },
    /// A link and its target.
    Link(String, Id),
    /// A folder.
    Folder,
    /// Something else that is not small text, and why.
    Other(String),
}

impl Dir {
    /// Opens the folder at `path`, the top of what a command writes: the path is the user's, so links in
    /// it are followed; everything below is reached through [`Dir::folder`] and is not.
    pub fn open(path: &Path) -> io::Result<Dir> {
        let fd = fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| named(path, e))?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    /// Another descriptor of this folder.
    pub fn try_clone(&self) -> io::Result<Dir> {
        Ok(Dir {
            fd: self.fd.try_clone()?,
            path: self.path.clone(),
        })
    }

    /// The path this folder was reached by.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The descriptor.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// The path of `name` in this folder, for messages.
    pub fn shown(&self, name: impl AsRef<Path>) -> PathBuf {
        self.path.join(name)
    }

    /// The refusal of a link or non-folder at `name` where a folder is expected.
    fn not_a_folder(&self, name: &OsStr) -> io::Error {
        let what = match self.link_target(name) {
            Some(target) => format!("a link (to {target})"),
            None => "not a folder".to_owned(),
        };
        io::Error::other(format!(
            "{} is {what}; refusing to follow it (farmgen writes only through real folders)",
            self.shown(name).display()
        ))
    }

    /// The folder `name` (one name) in this one, or `None` if nothing is there; a link or a file there is
    /// an error.
    pub fn folder(&self, name: &OsStr) -> io::Result<Option<Dir>> {
        match fs::openat(&self.fd, name, folder_flags(), Mode::empty()) {
            Ok(fd) => Ok(Some(Dir {
                fd,
                path: self.shown(name),
            })),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR) => {
                Err(self.not_a_folder(name))
            }
            Err(e) => Err(named(&self.shown(name), e)),
        }
    }

    /// The folder `name` in this one, made (with `mode`) if missing, and whether it was made.
    pub fn make_folder(&self, name: &OsStr, mode: u32) -> io::Result<(Dir, bool)> {
        if let Some(dir) = self.folder(name)? {
            return Ok((dir, false));
        }
        match fs::mkdirat(&self.fd, name, Mode::from_raw_mode(mode)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => {}
            Err(e) => return Err(named(&self.shown(name), e)),
        }
        let dir = self
            .folder(name)?
            .ok_or_else(|| named(&self.shown(name), io::ErrorKind::NotFound))?;
        Ok((dir, true))
    }

    /// The folder at `rel` (names separated by `/`, no `..`) under this one, or `None` if a part is
    /// missing; made if `make` (each folder made gets `mode`).
    pub fn descend(&self, rel: &Path, make: Option<u32>) -> io::Result<Option<Dir>> {
        let mut dir: Option<Dir> = None;
        for part in rel.components() {
            let Component::Normal(name) = part else {
                if part == Component::CurDir {
                    continue;
                }
                return Err(io::Error::other(format!(
                    "{}: not a plain relative path",
                    rel.display()
                )));
            };
            let here = dir.as_ref().unwrap_or(self);
            let next = match make {
                Some(mode) => Some(here.make_folder(name, mode)?.0),
                None => here.folder(name)?,
            };
            match next {
                Some(next) => dir = Some(next),
                None => return Ok(None),
            }
        }
        match dir {
            Some(dir) => Ok(Some(dir)),
            None => self.try_clone().map(Some),
        }
    }

    /// What is at `name`, without following it.
    pub fn find(&self, name: impl rustix::path::Arg) -> Found {
        let Ok(stat) = fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) else {
            return Found::Missing;
        };
        match FileType::from_raw_mode(stat.st_mode) {
            FileType::RegularFile => Found::File {
                size: u64::try_from(stat.st_size).unwrap_or(0),
                id: Id::of(&stat),
            },
            FileType::Directory => Found::Folder,
            FileType::Symlink => Found::Link(Id::of(&stat)),
            _ => Found::Other,
        }
    }

    /// The target of the link `name`, or `None` if it is not a link.
    pub fn link_target(&self, name: &OsStr) -> Option<String> {
        let target = fs::readlinkat(&self.fd, name, Vec::new()).ok()?;
        String::from_utf8(target.into_bytes()).ok()
    }

    /// Opens the file `name` for reading without following a link and without blocking on a FIFO.
    fn open_file(&self, name: &OsStr) -> Result<(fs::Stat, std::fs::File), rustix::io::Errno> {
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let fd = fs::openat(&self.fd, name, flags, Mode::empty())?;
        let stat = fs::fstat(&fd)?;
        Ok((stat, std::fs::File::from(fd)))
    }

    /// Reads `name` whole if it is a small UTF-8 text file (at most `limit` bytes); a link gives its
    /// target; nothing else is read.
    pub fn read(&self, name: &OsStr, limit: u64) -> Read {
        let (stat, file) = match self.open_file(name) {
            Ok(open) => open,
            Err(rustix::io::Errno::NOENT) => return Read::Missing,
            Err(rustix::io::Errno::LOOP) => {
                return match (self.link_target(name), self.find(name)) {
                    (Some(target), Found::Link(id)) => Read::Link(target, id),
                    _ => Read::Other("a link that cannot be read".to_owned()),
                };
            }
            Err(e) => return Read::Other(io::Error::from(e).to_string()),
        };
        match FileType::from_raw_mode(stat.st_mode) {
            FileType::RegularFile => {}
            FileType::Directory => return Read::Folder,
            _ => return Read::Other("not a regular file".to_owned()),
        }
        let size = u64::try_from(stat.st_size).unwrap_or(u64::MAX);
        if size > limit {
            return Read::Other(format!(
                "{size} bytes, over the {} MiB a generated file may have; not read",
                limit >> 20
            ));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        if let Err(e) = (&file).take(limit + 1).read_to_end(&mut bytes) {
            return Read::Other(e.to_string());
        }
        if bytes.len() as u64 > limit {
            return Read::Other(format!("over the {} MiB limit; not read", limit >> 20));
        }
        let xattrs = match xattrs(&file) {
            Ok(x) => x,
            Err(e) => return Read::Other(format!("its extended attributes: {e}")),
        };
        match String::from_utf8(bytes) {
            Ok(text) => Read::Text {
                text,
                id: Id::of(&stat),
                keep: Keep {
                    uid: Some(stat.st_uid),
                    gid: Some(stat.st_gid),
                    mode: stat.st_mode & 0o7777,
                    xattrs,
                },
            },
            Err(_) => Read::Other("not UTF-8 text".to_owned()),
        }
    }

    /// The first `limit` bytes of the regular file `name` (not following a link), or `None`.
    pub fn head(&self, name: &OsStr, limit: u64) -> Option<Vec<u8>> {
        let (stat, file) = self.open_file(name).ok()?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return None;
        }
        let mut bytes = Vec::new();
        file.take(limit).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// The names in this folder (names that are not UTF-8 are left out: farmgen makes none).
    pub fn names(&self) -> io::Result<Vec<String>> {
        let listing = fs::Dir::read_from(&self.fd).map_err(|e| named(&self.path, e))?;
        let mut names = Vec::new();
        for entry in listing {
            let entry = entry.map_err(|e| named(&self.path, e))?;
            let bytes = entry.file_name().to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            if let Ok(name) = std::str::from_utf8(bytes) {
                names.push(name.to_owned());
            }
        }
        Ok(names)
    }

    /// Creates the file `name` (nothing may be there, not even a link), with mode 0600 until [`apply`]
    /// sets its own.
    pub fn create(&self, name: &OsStr) -> io::Result<std::fs::File> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o600))
            .map(std::fs::File::from)
            .map_err(|e| named(&self.shown(name), e))
    }

    /// Creates `name`, removing first a file or link a killed run left there (never a folder, never
    /// following it); used for temporary names only.
    pub fn create_over(&self, name: &OsStr) -> io::Result<std::fs::File> {
        match self.create(name) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                self.remove(name)?;
                self.create(name)
            }
            other => other,
        }
    }

    /// Makes a link to `target` at `name` (nothing may be there).
    pub fn symlink(&self, target: &str, name: &OsStr) -> io::Result<()> {
        fs::symlinkat(target, &self.fd, name).map_err(|e| named(&self.shown(name), e))
    }

    /// Makes a link at `name`, removing first a file or link a killed run left there; temporary names only.
    pub fn symlink_over(&self, target: &str, name: &OsStr) -> io::Result<()> {
        match self.symlink(target, name) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                self.remove(name)?;
                self.symlink(target, name)
            }
            other => other,
        }
    }

    /// Removes the file or link `name` (the entry itself: a link is never followed; a folder is refused).
    pub fn remove(&self, name: &OsStr) -> io::Result<()> {
        fs::unlinkat(&self.fd, name, AtFlags::empty()).map_err(|e| named(&self.shown(name), e))
    }

    /// Removes `name` and, if it is a folder, everything in it, never following a link (a link there is
    /// removed itself).
    pub fn remove_tree(&self, name: &OsStr) -> io::Result<()> {
        match self.find(name) {
            Found::Missing => Ok(()),
            Found::Folder => {
                if let Some(dir) = self.folder(name)? {
                    for entry in dir.names()? {
                        dir.remove_tree(OsStr::new(&entry))?;
                    }
                }
                fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR)
                    .map_err(|e| named(&self.shown(name), e))
            }
            _ => self.remove(name),
        }
    }

    /// Renames `from` to `to`, both in this folder, failing if something is at `to`.
    pub fn rename_new(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
        fs::renameat_with(&self.fd, from, &self.fd, to, fs::RenameFlags::NOREPLACE)
            .map_err(|e| named(&self.shown(to), e))
    }

    /// Swaps `a` and `b`, both in this folder, at once: each keeps the other's name.
    pub fn exchange(&self, a: &OsStr, b: &OsStr) -> io::Result<()> {
        fs::renameat_with(&self.fd, a, &self.fd, b, fs::RenameFlags::EXCHANGE)
            .map_err(|e| named(&self.shown(b), e))
    }

    /// Renames `from` over `to` (replacing what is there), both in this folder.
    pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
        fs::renameat(&self.fd, from, &self.fd, to).map_err(|e| named(&self.shown(to), e))
    }

    /// Makes the renames in this folder durable.
    pub fn sync(&self) -> io::Result<()> {
        fs::fsync(&self.fd).map_err(|e| named(&self.path, e))
    }

    /// Makes everything waiting on this folder's filesystem durable.
    pub fn sync_filesystem(&self) -> io::Result<()> {
        fs::syncfs(&self.fd).map_err(|e| named(&self.path, e))
    }

    /// Sets owner, group and mode of this folder.
    pub fn apply(&self, keep: &Keep) -> io::Result<()> {
        apply(&self.fd, keep).map_err(|e| named(&self.path, e))
    }
}

/// The extended attributes of an open file (none where the filesystem has none).
fn xattrs(file: &impl AsFd) -> io::Result<Vec<(CString, Vec<u8>)>> {
    let mut list = vec![0u8; 1024];
    let len = loop {
        match fs::flistxattr(file, &mut list[..]) {
            Ok(len) => break len,
            Err(rustix::io::Errno::RANGE) => {
                let need = fs::flistxattr_query(file)?;
                list.resize(need.max(list.len() * 2), 0);
            }
            Err(rustix::io::Errno::NOTSUP | rustix::io::Errno::NOSYS) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        }
    };
    let mut out = Vec::new();
    for name in list[..len].split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = CString::new(name).map_err(io::Error::other)?;
        let size = match fs::fgetxattr_query(file, name.as_c_str()) {
            Ok(size) => size,
            Err(rustix::io::Errno::NODATA) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut value = vec![0u8; size];
        let got = fs::fgetxattr(file, name.as_c_str(), &mut value[..])?;
        value.truncate(got);
        out.push((name, value));
    }
    Ok(out)
}

/// Sets owner and group (where given), mode and extended attributes on an open file, in that order (a
/// change of owner clears set-id bits; an ACL is set after the mode it refines). An attribute the
/// filesystem or the caller's rights do not allow in the `trusted.` or `security.` namespaces is left out.
pub fn apply(fd: &impl AsFd, keep: &Keep) -> io::Result<()> {
    if keep.uid.is_some() || keep.gid.is_some() {
        fs::fchown(
            fd,
            keep.uid.map(fs::Uid::from_raw),
            keep.gid.map(fs::Gid::from_raw),
        )?;
    }
    fs::fchmod(fd, Mode::from_raw_mode(keep.mode))?;
    for (name, value) in &keep.xattrs {
        match fs::fsetxattr(fd, name.as_c_str(), value, fs::XattrFlags::empty()) {
            Ok(()) => {}
            Err(rustix::io::Errno::PERM | rustix::io::Errno::NOTSUP)
                if name.as_bytes().starts_with(b"trusted.")
                    || name.as_bytes().starts_with(b"security.") => {}
            Err(e) => {
                return Err(io::Error::new(
                    io::Error::from(e).kind(),
                    format!(
                        "extended attribute {}: {e}",
                        String::from_utf8_lossy(name.as_bytes())
                    ),
                ));
            }
        }
    }
    Ok(())
}
