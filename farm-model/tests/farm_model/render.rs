//! Rendering: snapshots of every file of the example farm, every real checker on the example and on a
//! 2,000-VM farm, the files agreeing with the plan as the daemons read them, named answering for real,
//! managed serials, and determinism.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bind_zone::SerialDate;
use checkers::Verdict;
use farm_model::{Contents, Farm, File, Format, RenderOptions};

use crate::common::example;

pub fn today() -> SerialDate {
    SerialDate::new(2026, 11, 24).unwrap()
}

pub fn render(farm: &Farm, previous: &(dyn Fn(&str, &str) -> Option<String> + Sync)) -> Vec<File> {
    let options = RenderOptions {
        plan_name: "seed-farm.toml".into(),
        today: today(),
    };
    farm_model::render(farm, &options, previous).unwrap()
}

pub fn example_farm() -> Farm {
    farm_model::load(&example(), Format::Toml, "seed-farm.toml").unwrap()
}

/// The example with `dhcp.server = "kea"`.
pub fn kea_farm() -> Farm {
    let plan = example().replacen(
        "fixed_address = \"address\"",
        "fixed_address = \"address\"\nserver = \"kea\"",
        1,
    );
    assert_ne!(plan, example());
    farm_model::load(&plan, Format::Toml, "seed-farm.toml").unwrap()
}

/// The example with skaro's site served over HTTPS, its certificates asked of an ACME server on the
/// uplink's gateway (where the farm in a box runs pebble).
pub fn tls_plan() -> String {
    let plan = example().replacen(
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org\"\nacme_server = \"https://203.0.113.1:14000/dir\"",
        1,
    );
    assert_ne!(plan, example());
    plan
}

/// [`tls_plan`], checked.
pub fn tls_farm() -> Farm {
    farm_model::load(&tls_plan(), Format::Toml, "seed-farm.toml").unwrap()
}

/// Writes the files of `node` under `dir` as they lie under `/`.
pub fn write_tree(files: &[File], node: &str, dir: &Path) {
    for file in files.iter().filter(|f| f.node == node) {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match &file.contents {
            Contents::Text(text) => std::fs::write(&path, text).unwrap(),
            Contents::Link(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
        }
    }
}

pub fn text<'a>(files: &'a [File], path: &str) -> &'a str {
    match &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not rendered"))
        .contents
    {
        Contents::Text(t) => t,
        Contents::Link(_) => panic!("{path} is a link"),
    }
}

/// Every checker passed (none failed; skipped only where the checker is missing outside CI).
fn all_pass(dir: &Path) -> Judged {
    let mut outputs = BTreeMap::new();
    for check in checkers::check_tree(dir) {
        match check.result {
            Ok(Verdict::Passed { output }) => {
                outputs.insert(check.file, Some(output));
            }
            Ok(_) => {
                outputs.insert(check.file, None);
            }
            Err(failure) => panic!("{} failed its checker:\n{failure}", check.file),
        }
    }
    Judged(outputs)
}

/// What each file's checker said: its output when it ran, none where it was skipped (outside CI).
struct Judged(BTreeMap<String, Option<String>>);

impl Judged {
    /// The output of the checker of `file`, which must have been judged; none where it was skipped.
    fn get(&self, file: &str) -> Option<&String> {
        match self.0.get(file) {
            Some(output) => output.as_ref(),
            None => panic!("{file} was judged by no checker: {:?}", self.0.keys()),
        }
    }
}

#[test]
fn every_file_of_the_example_snapshot() {
    let files = render(&example_farm(), &|_, _| None);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("file-list", paths.join("\n"));
    for file in &files {
        let name = file.path.replace('/', "__");
        match &file.contents {
            Contents::Text(text) => insta::assert_snapshot!(name, text),
            Contents::Link(target) => insta::assert_snapshot!(name, format!("-> {target}")),
        }
    }
}

/// With `dhcp.server = "kea"`, kea-dhcp4.conf takes the place of dhcpd.conf and its defaults; every other
/// file is the same, and the tree passes every checker (`kea-dhcp4 -t` among them).
#[test]
fn the_kea_example_snapshot_and_checkers() {
    let isc = render(&example_farm(), &|_, _| None);
    let kea = render(&kea_farm(), &|_, _| None);
    let paths: Vec<&str> = kea.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("kea-file-list", paths.join("\n"));
    insta::assert_snapshot!(
        "kea-etc__kea__kea-dhcp4.conf",
        text(&kea, "etc/kea/kea-dhcp4.conf")
    );
    let dhcp = ["etc/dhcp/dhcpd.conf", "etc/default/isc-dhcp-server"];
    let others: Vec<&File> = isc
        .iter()
        .filter(|f| !dhcp.contains(&f.path.as_str()))
        .collect();
    let kea_others: Vec<&File> = kea
        .iter()
        .filter(|f| f.path != "etc/kea/kea-dhcp4.conf")
        .collect();
    assert_eq!(others, kea_others);
    let conf = text(&kea, "etc/kea/kea-dhcp4.conf");
    // skaro (10.10.60.2) in a /32 subnet whose id is its address as a number.
    assert!(conf.contains("\"id\": 168442882,"), "{conf}");
    assert!(conf.contains("\"subnet\": \"10.10.60.2/32\""), "{conf}");
    let dir = tempfile::tempdir().unwrap();
    write_tree(&kea, "host01", dir.path());
    all_pass(dir.path());
}

/// A VM's subnet id does not move when another VM is added before it.
#[test]
fn kea_subnet_ids_survive_a_new_vm() {
    let farm = kea_farm();
    let before = text(&render(&farm, &|_, _| None), "etc/kea/kea-dhcp4.conf").to_owned();
    let mut plan = farm.plan.clone();
    let mut newcomer = farm_model::Vm::new("newcomer".parse().unwrap());
    newcomer.node = plan.vms[0].node.clone();
    newcomer.network = plan.vms[0].network.clone();
    plan.vms.insert(0, newcomer);
    let grown = plan.check().unwrap();
    let after = text(&render(&grown, &|_, _| None), "etc/kea/kea-dhcp4.conf").to_owned();
    for vm in &farm.vms {
        let id = u32::from(vm.address);
        let entry = format!("\"id\": {id},");
        assert!(before.contains(&entry) && after.contains(&entry), "{entry}");
    }
    assert!(after.len() > before.len());
}

#[test]
fn the_example_passes_every_checker() {
    let files = render(&example_farm(), &|_, _| None);
    let dir = tempfile::tempdir().unwrap();
    write_tree(&files, "host01", dir.path());
    let outputs = all_pass(dir.path());
    if let Some(compiled) = outputs.get("etc/shorewall") {
        assert!(
            compiled.lines().any(|l| l.contains("--dport 22002")
                && l.contains("-d 192.0.2.10")
                && l.contains("--to-destination 10.10.60.2:22")),
            "{compiled}"
        );
    }
}

/// Each A record's address maps back to its name, and each PTR to an A: as BIND reads the zones.
fn a_and_ptr_agree(files: &[File], farm: &Farm) -> usize {
    let forward = text(files, "etc/bind/db.farm");
    let Some(a) = checkers::zone_dump("farm", forward).unwrap() else {
        return 0;
    };
    let mut ptr = Vec::new();
    for prefix in &farm.reverse {
        let origin = bind_zone::reverse_zone_name((*prefix).into())
            .unwrap()
            .to_string();
        let octets = usize::from(prefix.prefix_len() / 8);
        let file = format!(
            "etc/bind/db.{}",
            prefix.network().octets()[..octets]
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(".")
        );
        ptr.extend(
            checkers::zone_dump(&origin, text(files, &file))
                .unwrap()
                .unwrap(),
        );
    }
    let forward: BTreeSet<(String, String)> = a
        .iter()
        .filter(|r| r.rtype == "A")
        .map(|r| (r.rdata.clone(), r.owner.clone()))
        .collect();
    // Every address inside a reverse zone (the name server's may lie outside them all).
    let addresses: BTreeSet<&String> = forward
        .iter()
        .map(|(a, _)| a)
        .filter(|a| {
            farm.reverse
                .iter()
                .any(|r| r.contains(&a.parse::<std::net::Ipv4Addr>().unwrap()))
        })
        .collect();
    let reverse: BTreeSet<(String, String)> = ptr
        .iter()
        .filter_map(|r| Some((r.ptr_address()?, r.rdata.clone())))
        .collect();
    assert_eq!(reverse.len(), addresses.len(), "one PTR per address");
    for (address, name) in &reverse {
        assert!(
            forward.contains(&(address.clone(), name.clone())),
            "PTR {address} -> {name} has no A"
        );
    }
    forward.len()
}

#[test]
fn a_2000_vm_farm_passes_every_checker_and_agrees_with_the_plan() {
    let farm = farm_model::synth(2000, 2).check().unwrap();
    let files = render(&farm, &|_, _| None);
    let dir = tempfile::tempdir().unwrap();
    write_tree(&files, "host01", dir.path());
    let outputs = all_pass(dir.path());
    let host01: Vec<File> = files
        .iter()
        .filter(|f| f.node == "host01")
        .cloned()
        .collect();
    let a = a_and_ptr_agree(&host01, &farm);
    assert!(a == 0 || a == 2000 + 2 + 1 + 1, "{a} A records");
    // dhcpd: one reservation per VM, with its MAC and address.
    let dhcpd = text(&host01, "etc/dhcp/dhcpd.conf");
    for placed in &farm.vms {
        let block = format!(
            "\t\thardware ethernet {};\n\t\tfixed-address {};\n",
            placed.mac, placed.address
        );
        assert!(dhcpd.contains(&block), "no reservation {block:?}");
    }
    // Shorewall: a compiled DNAT per forward.
    if let Some(compiled) = outputs.get("etc/shorewall") {
        for (vm, placed) in farm.plan.vms.iter().zip(&farm.vms) {
            for fwd in &vm.forwards {
                let target = format!(
                    "--to-destination {}:{}",
                    placed.address,
                    fwd.to.unwrap_or(fwd.port)
                );
                let port = format!("--dport {} ", fwd.port);
                assert!(
                    compiled
                        .lines()
                        .any(|l| l.contains(&port) && l.contains(&target)),
                    "no DNAT {port}{target}"
                );
            }
        }
    }
    // nginx: each site proxies to its VM.
    for (vm, placed) in farm.plan.vms.iter().zip(&farm.vms) {
        for site in &vm.sites {
            let server = text(
                &host01,
                &format!("etc/nginx/sites-available/{}", site.server_name.file_name()),
            );
            assert!(server.contains(&format!(
                "proxy_pass http://{}:{};",
                placed.address, site.port
            )));
        }
    }
}

#[test]
fn named_answers_every_a_and_ptr_of_a_2000_vm_farm() {
    let farm = farm_model::synth(2000, 1).check().unwrap();
    let files = render(&farm, &|_, _| None);
    let dir = tempfile::tempdir().unwrap();
    write_tree(&files, "host01", dir.path());
    let mut queries = Vec::new();
    for placed in &farm.vms {
        queries.push(format!("{} A", placed.fqdn));
        queries.push(format!("-x {}", placed.address));
    }
    let Some(answers) = checkers::named_answers(dir.path(), 5353, &queries).unwrap() else {
        return;
    };
    let got: BTreeSet<(String, String, String)> = answers
        .into_iter()
        .map(|r| (r.owner, r.rtype, r.rdata))
        .collect();
    for placed in &farm.vms {
        let a = (
            placed.fqdn.to_string(),
            "A".to_owned(),
            placed.address.to_string(),
        );
        assert!(got.contains(&a), "named did not answer {a:?}");
        let reverse = bind_zone::reverse_name(placed.address.into()).to_string();
        let ptr = (reverse, "PTR".to_owned(), placed.fqdn.to_string());
        assert!(got.contains(&ptr), "named did not answer {ptr:?}");
    }
    assert_eq!(got.len(), 4000);
}

#[test]
fn rendering_is_deterministic_and_pinning_changes_nothing() {
    let farm = example_farm();
    assert_eq!(render(&farm, &|_, _| None), render(&farm, &|_, _| None));
    let unpinned: String = example()
        .lines()
        .filter(|l| !l.starts_with("mac = ") && !l.starts_with("address = \"10.10.60."))
        .map(|l| format!("{l}\n"))
        .collect();
    let loose = farm_model::load(&unpinned, Format::Toml, "seed-farm.toml").unwrap();
    let pinned_text = farm_model::pin(&unpinned, Format::Toml, &loose).unwrap();
    let pinned = farm_model::load(&pinned_text, Format::Toml, "seed-farm.toml").unwrap();
    assert_eq!(render(&loose, &|_, _| None), render(&pinned, &|_, _| None));
}

#[test]
fn a_managed_serial_moves_only_when_the_records_change() {
    let plan = example().replace(
        "serial = 2011031200                  # pinned: the 2011 zones exactly; remove it for a managed serial (docs/plan.md)\n",
        "",
    );
    let farm = farm_model::load(&plan, Format::Toml, "seed-farm.toml").unwrap();
    let serial =
        |files: &[File], path: &str| bind_zone::read_serial(text(files, path)).unwrap().get();
    let first = render(&farm, &|_, _| None);
    assert_eq!(serial(&first, "etc/bind/db.farm"), 2026112400);
    let previous = |_: &str, path: &str| {
        first
            .iter()
            .find(|f| f.path == path)
            .map(|f| match &f.contents {
                Contents::Text(t) => t.clone(),
                Contents::Link(t) => t.clone(),
            })
    };
    let again = render(&farm, &previous);
    assert_eq!(again, first, "unchanged records keep their serial");
    let moved = plan.replace("address = \"10.10.60.1\"", "address = \"10.10.60.3\"");
    let moved = farm_model::load(&moved, Format::Toml, "seed-farm.toml").unwrap();
    let changed = render(&moved, &previous);
    assert_eq!(serial(&changed, "etc/bind/db.farm"), 2026112401);
    assert_eq!(serial(&changed, "etc/bind/db.10.10"), 2026112401);
    let tomorrow = farm_model::render(
        &moved,
        &RenderOptions {
            plan_name: "seed-farm.toml".into(),
            today: SerialDate::new(2026, 11, 25).unwrap(),
        },
        &previous,
    )
    .unwrap();
    assert_eq!(serial(&tomorrow, "etc/bind/db.farm"), 2026112500);
}

#[test]
fn a_plan_name_that_would_end_a_comment_is_refused() {
    let options = RenderOptions {
        plan_name: "farm.toml\nrm -rf /".into(),
        today: today(),
    };
    let errors = farm_model::render(&example_farm(), &options, &|_, _| None).unwrap_err();
    assert_eq!(
        errors[0].rule,
        farm_model::Rule::PlanFileName,
        "{:?}",
        errors[0]
    );
    assert!(
        errors[0].message.contains("control character"),
        "{:?}",
        errors[0]
    );
    assert_eq!(errors[0].hint.as_deref(), Some("rename the plan file"));
}

/// The registry of outputs holds every rendered file as it is (a file or a link), and the tree's checkers
/// judge each output with the checker the registry names (checkers depends on no crate of the farm, so the
/// two are held together here).
#[test]
fn the_registry_of_outputs_is_what_a_render_makes_and_what_the_checkers_judge() {
    for farm in [example_farm(), kea_farm(), tls_farm()] {
        registry_holds(&farm);
    }
}

pub fn registry_holds(farm: &Farm) {
    use farm_model::outputs::{Checker, Kind, output_of};
    let files = render(farm, &|_, _| None);
    for file in &files {
        let output =
            output_of(&file.path).unwrap_or_else(|| panic!("{} is not registered", file.path));
        let kind = match file.contents {
            Contents::Text(_) => Kind::File,
            Contents::Link(_) => Kind::Link,
        };
        assert_eq!(output.kind, kind, "{}", file.path);
    }
    let node = files[0].node.clone();
    let dir = tempfile::tempdir().unwrap();
    write_tree(&files, &node, dir.path());
    let judged: Vec<(String, checkers::Tool)> = checkers::check_tree(dir.path())
        .into_iter()
        .map(|c| (c.file, c.tool))
        .collect();
    let tool = |checker: Checker| match checker {
        Checker::NamedCheckzone => Some(checkers::Tool::NamedCheckzone),
        Checker::NamedCheckconf => Some(checkers::Tool::NamedCheckconf),
        Checker::Dhcpd => Some(checkers::Tool::Dhcpd),
        Checker::KeaDhcp4 => Some(checkers::Tool::KeaDhcp4),
        Checker::ShVars | Checker::ShSyntax => Some(checkers::Tool::Sh),
        Checker::Ifup => Some(checkers::Tool::Ifup),
        Checker::Shorewall => Some(checkers::Tool::Shorewall),
        Checker::Nginx => Some(checkers::Tool::Nginx),
        Checker::Shorewall6 => Some(checkers::Tool::Shorewall6),
        Checker::Radvd => Some(checkers::Tool::Radvd),
        _ => None,
    };
    for file in files.iter().filter(|f| f.node == node) {
        let output = output_of(&file.path).unwrap();
        let Some(expected) = tool(output.checker) else {
            continue;
        };
        // A file is judged as itself, or with its folder (Shorewall's, nginx's, named.conf's).
        let by = judged
            .iter()
            .find(|(judged, _)| {
                *judged == file.path
                    || file.path.starts_with(&format!("{judged}/"))
                    || (expected == checkers::Tool::NamedCheckconf
                        && output_of(judged).is_some_and(|o| o.checker == output.checker))
            })
            .unwrap_or_else(|| panic!("{} is judged by no checker", file.path));
        assert_eq!(by.1, expected, "{}", file.path);
    }
}

/// A node is named in the `nodes` network's subdomain, as a VM in its network's: `host01.hw.farm` in the
/// zone, its PTR, /etc/hosts and `gnt-instance add -n` (the cluster stays in the domain).
#[test]
fn a_node_is_named_in_the_subdomain_of_the_nodes_network() {
    let plan = crate::common::edit(
        &example(),
        "subdomain = \"\"                       # host01",
        "subdomain = \"hw\"                     # host01",
    );
    let farm = farm_model::load(&plan, Format::Toml, "seed-farm.toml").unwrap();
    let files = render(&farm, &|_, _| None);
    assert!(
        text(&files, "etc/bind/db.farm").contains("host01.hw       IN  A      10.10.59.10"),
        "{}",
        text(&files, "etc/bind/db.farm")
    );
    assert!(text(&files, "etc/bind/db.10.10").contains("10.59  IN  PTR    host01.hw.farm."));
    assert!(text(&files, "etc/hosts").contains("10.10.59.10 host01.hw.farm host01\n"));
    let script = text(&files, "etc/ganeti/provision.sh");
    assert!(script.contains(" -n host01.hw.farm "), "{script}");
    assert!(script.contains("gnt-cluster.farm"), "{script}");
    assert!(!script.contains("host01.farm"), "{script}");
}

/// The nginx files of a synthetic farm of `vms` VMs (a site per ten): the http-level snippet and the sites.
fn nginx_files(vms: usize) -> (String, Vec<String>) {
    let farm = farm_model::synth(vms, 1).into_farm().unwrap();
    let files = render(&farm, &|_, _| None);
    let http = text(&files, "etc/nginx/conf.d/farm.conf").to_owned();
    let sites = files
        .iter()
        .filter(|f| f.path.starts_with("etc/nginx/sites-available/"))
        .map(|f| match &f.contents {
            Contents::Text(t) => t.clone(),
            Contents::Link(_) => panic!("{} is a link", f.path),
        })
        .collect();
    (http, sites)
}

/// Up to 500 sites on a node, each has its own access log (the 2011 farm's bytes); from 501, they share
/// one, the host first on each line.
#[test]
fn a_node_with_more_than_500_sites_shares_one_access_log() {
    let (http, sites) = nginx_files(5_000);
    assert_eq!(sites.len(), farm_model::MAX_SITE_LOGS);
    assert!(!http.contains("farm_host"), "{http}");
    for site in &sites {
        let name = site
            .lines()
            .find_map(|l| l.trim().strip_prefix("server_name "))
            .unwrap()
            .trim_end_matches(';');
        assert!(
            site.contains(&format!("access_log /var/log/nginx/{name}.access.log;")),
            "{site}"
        );
    }
    let (http, sites) = nginx_files(5_001);
    assert_eq!(sites.len(), farm_model::MAX_SITE_LOGS + 1);
    assert!(http.contains("log_format farm_host"), "{http}");
    for site in &sites {
        assert!(
            site.contains("access_log /var/log/nginx/farm.access.log farm_host;"),
            "{site}"
        );
    }
}

/// A farm of 5,000 sites (50,000 VMs) loads in `nginx -t` under the usual soft limit of 1024 open files
/// (a log file per site would need about 5,000).
#[test]
fn nginx_loads_5000_sites_under_1024_open_files() {
    let (http, sites) = nginx_files(50_000);
    assert_eq!(sites.len(), 5_000);
    let sites: Vec<&str> = sites.iter().map(String::as_str).collect();
    match checkers::nginx_with_open_files(&[&http], &sites, 1024) {
        Ok(Verdict::Passed { .. }) => {}
        Ok(Verdict::Skipped { tool }) => eprintln!("skipped: {tool:?} cannot run here"),
        Ok(other) => panic!("{other:?}"),
        Err(failure) => panic!("{failure}"),
    }
}

/// A render needs no type of bind-zone: `RenderOptions::default()` (a fixed date, no clock) or
/// `RenderOptions::new(plan_name)` (today); with a pinned serial both give the same bytes.
#[test]
fn render_options_need_no_bind_zone_type() {
    let farm = example_farm();
    let fixed = RenderOptions {
        plan_name: "seed-farm.toml".into(),
        ..RenderOptions::default()
    };
    let today = RenderOptions::new("seed-farm.toml");
    let a = farm_model::render(&farm, &fixed, &|_, _| None).unwrap();
    let b = farm_model::render(&farm, &today, &|_, _| None).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, render(&farm, &|_, _| None));
}

/// An HTTPS site: the files that differ from the example's and the new ones, snapshotted; every other file
/// the example's byte for byte; the tree through every checker, nginx -t on Debian's nginx.conf before the
/// certificate and with one (a throwaway) enabled as the deploy hook enables it.
#[test]
fn a_tls_site_snapshot_and_checkers() {
    let plain = render(&example_farm(), &|_, _| None);
    let tls = render(&tls_farm(), &|_, _| None);
    let paths: Vec<&str> = tls.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("tls-file-list", paths.join("\n"));
    let mut changed = Vec::new();
    for file in &tls {
        if plain.iter().any(|p| p == file) {
            continue;
        }
        changed.push(file.path.as_str());
        let name = format!("tls-{}", file.path.replace('/', "__"));
        match &file.contents {
            Contents::Text(text) => insta::assert_snapshot!(name, text),
            Contents::Link(target) => insta::assert_snapshot!(name, format!("-> {target}")),
        }
    }
    assert_eq!(
        changed,
        [
            "etc/shorewall/rules",
            "etc/nginx/conf.d/farm.conf",
            "etc/nginx/sites-available/skaro.dachary.org",
            "etc/nginx/farm-tls/available/skaro.dachary.org.conf",
            "etc/nginx/farm-tls/available/skaro.dachary.org.map",
            "etc/nginx/farm-tls/deploy-hook",
            "etc/nginx/farm-tls/issue",
        ]
    );
    assert!(
        plain.iter().all(|p| tls.iter().any(|f| f.path == p.path)),
        "a file of the example is not rendered"
    );
    let issue = text(&tls, "etc/nginx/farm-tls/issue");
    assert!(
        issue.contains("certbot certonly --webroot -w /var/www/farm-acme -d skaro.dachary.org --cert-name skaro.dachary.org --email ops@dachary.org --agree-tos --no-eff-email --non-interactive --server https://203.0.113.1:14000/dir --deploy-hook 'sh /etc/nginx/farm-tls/deploy-hook' --keep-until-expiring"),
        "{issue}"
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(&tls, "host01", dir.path());
    let outputs = all_pass(dir.path());
    if let Some(output) = outputs.get("etc/nginx/farm-tls/available") {
        assert!(output.contains("== before\n"), "{output}");
        assert!(output.contains("== after 1\n"), "{output}");
    }
}

/// A `[tls]` section with no site using it changes nothing: the example's bytes.
#[test]
fn a_tls_section_without_https_sites_renders_the_example() {
    let plan = format!("{}\n[tls]\nemail = \"ops@dachary.org\"\n", example());
    let farm = farm_model::load(&plan, Format::Toml, "seed-farm.toml").unwrap();
    assert_eq!(farm.tls, None);
    assert_eq!(
        render(&farm, &|_, _| None),
        render(&example_farm(), &|_, _| None)
    );
}

/// The HTTPS site's plan written in JSON is the same farm as in TOML (the two layers read `tls` alike).
#[test]
fn a_tls_plan_in_json_is_the_toml_one() {
    let value: toml::Value = toml::from_str(&tls_plan()).unwrap();
    let json = serde_json::to_string(&value).unwrap();
    let farm = farm_model::load(&json, Format::Json, "seed-farm.json").unwrap();
    assert_eq!(farm, tls_farm());
    assert!(farm.plan.vms[1].sites[0].tls);
}
