//! Random valid plans are accepted and read back as written, in TOML and JSON alike; a random corruption
//! of one line is refused with an error on that line.

use std::net::Ipv4Addr;

use farm_model::{Format, Plan, synth};
use proptest::prelude::*;

/// A synthetic plan with some VMs pinned to addresses at the top of their network.
fn plan() -> impl Strategy<Value = Plan> {
    (
        0usize..25,
        1usize..4,
        prop::collection::vec(any::<bool>(), 25),
        any::<bool>(),
    )
        .prop_map(|(vms, nodes, pin, serial)| {
            let mut plan = synth(vms, nodes);
            let top = u32::from(plan.networks[1].cidr.broadcast());
            for (i, vm) in plan.vms.iter_mut().enumerate() {
                if pin[i] {
                    vm.address = Some(Ipv4Addr::from(top - 1 - u32::try_from(i).unwrap()));
                }
            }
            if serial {
                plan.dns.serial = Some(bind_zone::Serial::new(2026112400));
            }
            plan
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn toml_and_json_read_back_the_same_plan(plan in plan()) {
        let toml_text = toml::to_string(&plan).unwrap();
        let json_text = serde_json::to_string_pretty(&plan).unwrap();
        let from_toml = farm_model::read(&toml_text, Format::Toml, "farm.toml").map_err(|r| TestCaseError::fail(format!("{r}\n{toml_text}")))?;
        let from_json = farm_model::read(&json_text, Format::Json, "farm.json").map_err(|r| TestCaseError::fail(r.to_string()))?;
        prop_assert_eq!(&from_toml, &plan);
        prop_assert_eq!(&from_json, &plan);
        let farm = plan.check().map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(farm.vms.len(), plan.vms.len());
    }

    #[test]
    fn a_corrupted_line_is_refused_on_that_line(plan in plan(), pick in any::<prop::sample::Index>()) {
        let text = toml::to_string(&plan).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Lines holding one scalar value: a string, an integer or a boolean.
        let candidates: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(" = ") && !l.contains(" = [") && !l.contains(" = {"))
            .map(|(i, _)| i)
            .collect();
        let line = candidates[pick.index(candidates.len())];
        let (key, value) = lines[line].split_once(" = ").unwrap();
        let corrupt = if value.starts_with('"') {
            "\"not valid;\"".to_owned()
        } else if value == "true" || value == "false" {
            "\"maybe\"".to_owned()
        } else {
            "-1".to_owned()
        };
        let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        edited[line] = format!("{key} = {corrupt}");
        let edited = edited.join("\n");
        match farm_model::load(&edited, Format::Toml, "farm.toml") {
            Ok(_) => prop_assert!(false, "line {} corrupted to {:?} was accepted:\n{}", line + 1, corrupt, edited),
            Err(report) => {
                let on_line = report.diagnostics().iter().any(|d| d.position.map(|p| p.line) == Some(line + 1));
                prop_assert!(on_line, "no error on line {}:\n{}\n{}", line + 1, report, edited);
            }
        }
    }
}
