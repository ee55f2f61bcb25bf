//! `cargo xtask package`: every library crate packaged as crates.io would receive it, then the packages'
//! tests built from the packages alone (the tests that need the repository's reference files or the
//! `checkers` crate are left out of the packages: see each crate's `package.exclude`).
//!
//! The packages are unpacked into `<target>/package-check/`, a workspace of their own in which each
//! workspace crate comes from its package (`[patch.crates-io]`), with the repository's profiles and
//! lock file, so that the dependencies already built for the tests are reused.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the check needs of `cargo metadata`.
struct Workspace {
    root: PathBuf,
    target: PathBuf,
    /// The publishable library crates: name and version.
    libraries: Vec<(String, String)>,
}

fn metadata(cargo: &str) -> Result<Workspace, String> {
    let out = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("{cargo} metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let root = text(&json["workspace_root"]).ok_or("cargo metadata: no workspace_root")?;
    let target = text(&json["target_directory"]).ok_or("cargo metadata: no target_directory")?;
    let mut libraries = Vec::new();
    for package in json["packages"].as_array().into_iter().flatten() {
        // `publish = false` is an empty list of registries; no `publish` is any registry.
        let publishable = !package["publish"]
            .as_array()
            .is_some_and(|registries| registries.is_empty());
        let library = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "lib"))
            });
        if let (true, true, Some(name), Some(version)) = (
            publishable,
            library,
            text(&package["name"]),
            text(&package["version"]),
        ) {
            libraries.push((name, version));
        }
    }
    Ok(Workspace {
        root: PathBuf::from(root),
        target: PathBuf::from(target),
        libraries,
    })
}

fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?}: {status}"))
    }
}

/// The manifest of the check's workspace: the packages as members, each workspace crate patched to its
/// package, and the repository's profiles.
fn manifest(ws: &Workspace, folders: &[String]) -> Result<String, String> {
    let root_manifest = ws.root.join("Cargo.toml");
    let text = std::fs::read_to_string(&root_manifest)
        .map_err(|e| format!("{}: {e}", root_manifest.display()))?;
    let root: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", root_manifest.display()))?;
    let mut out = toml::Table::new();
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "3".into());
    workspace.insert(
        "members".into(),
        toml::Value::Array(folders.iter().map(|f| f.as_str().into()).collect()),
    );
    out.insert("workspace".into(), workspace.into());
    let mut patch = toml::Table::new();
    for ((name, _), folder) in ws.libraries.iter().zip(folders) {
        let mut path = toml::Table::new();
        path.insert("path".into(), folder.as_str().into());
        patch.insert(name.clone(), path.into());
    }
    let mut patches = toml::Table::new();
    patches.insert("crates-io".into(), patch.into());
    out.insert("patch".into(), patches.into());
    if let Some(profile) = root.get("profile") {
        out.insert("profile".into(), profile.clone());
    }
    toml::to_string(&out).map_err(|e| e.to_string())
}

/// Packages every publishable library crate and builds the packages' tests; `Err` says what failed.
pub fn check() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let ws = metadata(&cargo)?;
    let mut package = Command::new(&cargo);
    package
        .current_dir(&ws.root)
        .args(["package", "--no-verify", "--allow-dirty"]);
    for (name, _) in &ws.libraries {
        package.args(["-p", name]);
    }
    run(&mut package)?;
    let check = ws.target.join("package-check");
    match std::fs::remove_dir_all(&check) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("{}: {e}", check.display()));
        }
        _ => {}
    }
    std::fs::create_dir_all(&check).map_err(|e| format!("{}: {e}", check.display()))?;
    let mut folders = Vec::new();
    for (name, version) in &ws.libraries {
        let folder = format!("{name}-{version}");
        let crate_file: PathBuf = ws.target.join("package").join(format!("{folder}.crate"));
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&crate_file)
            .arg("-C")
            .arg(&check))?;
        folders.push(folder);
    }
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(&check.join("Cargo.toml"), &manifest(&ws, &folders)?)?;
    let lock = std::fs::read_to_string(ws.root.join("Cargo.lock")).unwrap_or_default();
    write(&check.join("Cargo.lock"), &lock)?;
    run(Command::new(&cargo)
        .current_dir(&check)
        .env("CARGO_TARGET_DIR", &ws.target)
        .args(["test", "--workspace", "--no-run"]))?;
    eprintln!(
        "package: {} crates packaged, their tests built from the packages ({})",
        ws.libraries.len(),
        check.display()
    );
    Ok(())
}
