//! Every refusal of the crate.

use ganeti::{
    ClusterInit, DiskTemplate, Error, HostName, HvKey, HvValue, Hypervisor, InstanceAdd, LinkName,
    Nic, OsName, Size, VgName,
};

#[test]
fn values() {
    for bad in [
        "", "512", "M", "512K", "0M", "1.5G", "-1G", "2000000T", "30 G",
    ] {
        assert!(
            matches!(Size::new(bad), Err(Error::InvalidSize { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(Size::new("30g").unwrap().to_string(), "30G");
    assert_eq!(Size::new("2T").unwrap().mebibytes(), 2 << 20);
    for bad in [
        "", "a,b", "a=b", "a:b", "a b", "a\nb", "a\"b", "a'b", "a\\b", "é", "a\tb",
    ] {
        assert!(
            matches!(HvValue::new(bad), Err(Error::InvalidValue { .. })),
            "{bad:?}"
        );
    }
    for bad in ["", "Boot", "a-b", "a b", "a=b"] {
        assert!(HvKey::new(bad).is_err(), "{bad:?}");
    }
    for bad in ["", "-x", "+x", "a b", "a;b", "a$b", "a/b"] {
        assert!(OsName::new(bad).is_err(), "{bad:?}");
    }
    for bad in ["", "-br0", ".", "a b", "sixteen-bytes-xx", "br0;"] {
        assert!(LinkName::new(bad).is_err(), "{bad:?}");
    }
    for bad in ["", "-vg", "a b", "a/b", "."] {
        assert!(VgName::new(bad).is_err(), "{bad:?}");
    }
    for bad in ["", "a_b", "a b", "-a", "a..b", "a;b"] {
        assert!(
            matches!(
                HostName::new(bad),
                Err(vocabulary::Error::InvalidHostName { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        "vmware".parse::<Hypervisor>(),
        Err(Error::InvalidValue { .. })
    ));
    assert!(Nic::new(macaddr::MacAddr6::nil(), None).is_err());
    assert!(Nic::new(macaddr::MacAddr6::broadcast(), None).is_err());
    assert!(ganeti::Comment::new("a\nrm -rf /").is_err());
}

fn add(
    template: DiskTemplate,
    disks: Vec<Size>,
    vcpus: u32,
    secondary: Option<&str>,
) -> Result<InstanceAdd, Error> {
    InstanceAdd::new(
        "vm.farm".parse().unwrap(),
        template,
        disks,
        "512M".parse().unwrap(),
        vcpus,
        "host01.farm".parse().unwrap(),
        secondary.map(|s| s.parse().unwrap()),
        "debootstrap+default".parse().unwrap(),
    )
}

#[test]
fn commands() {
    let disk = || vec![Size::new("10G").unwrap()];
    assert!(matches!(
        add(DiskTemplate::Plain, vec![], 1, None),
        Err(Error::InvalidCommand { .. })
    ));
    assert!(matches!(
        add(DiskTemplate::Plain, disk(), 0, None),
        Err(Error::InvalidCommand { .. })
    ));
    assert!(add(DiskTemplate::Drbd, disk(), 1, None).is_err());
    assert!(add(DiskTemplate::Drbd, disk(), 1, Some("host01.farm")).is_err());
    assert!(add(DiskTemplate::Plain, disk(), 1, Some("host02.farm")).is_err());
    let drbd = add(DiskTemplate::Drbd, disk(), 1, Some("host02.farm")).unwrap();
    assert!(drbd.argv().contains(&"host01.farm:host02.farm".to_owned()));
    let twice = vec![
        ("a".parse().unwrap(), "1".parse().unwrap()),
        ("a".parse().unwrap(), "2".parse().unwrap()),
    ];
    let err = add(DiskTemplate::Plain, disk(), 1, None)
        .unwrap()
        .with_hypervisor(Hypervisor::Kvm, twice)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "gnt-instance add vm.farm: a hypervisor parameter is given twice"
    );
    assert!(ClusterInit::new("c.farm".parse().unwrap(), vec![]).is_err());
    assert!(
        ClusterInit::new(
            "c.farm".parse().unwrap(),
            vec![Hypervisor::Kvm, Hypervisor::Kvm]
        )
        .is_err()
    );
}
