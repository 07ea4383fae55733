//! The published forms against the domain's `LocationDraft::plan`: for every system type and
//! endpoint, bodies that vary one input over valid and invalid samples are accepted by the
//! schema exactly when the server's request rules accept them.

use std::collections::HashMap;

use lms_domain::HardwareKeyCode;
use lms_domain::location::{LocationDraft, LocationInput, Placement};
use regex::Regex;

use super::*;

#[derive(Default)]
struct Patterns(HashMap<String, Regex>);

impl Patterns {
    fn fits(&mut self, patterns: &[String], value: &str) -> bool {
        patterns.iter().all(|p| {
            self.0
                .entry(p.clone())
                .or_insert_with(|| Regex::new(p).unwrap())
                .is_match(value)
        })
    }

    fn blank(&mut self, value: Option<&str>) -> bool {
        value.is_none_or(|v| self.fits(&[blank_pattern()], v))
    }

    fn fits_rule(&mut self, rule: &Rule, value: Option<&str>) -> bool {
        match rule {
            Rule::Blank => self.blank(value),
            Rule::Optional(p) => self.blank(value) || value.is_some_and(|v| self.fits(p, v)),
            Rule::Required(p) => value.is_some_and(|v| self.fits(p, v)),
        }
    }

    /// How many forms of `t` the inputs fit (a `oneOf` accepts exactly one).
    fn fitting_forms(
        &mut self,
        t: SystemType,
        endpoint: Endpoint,
        inputs: &[Option<String>; 6],
    ) -> usize {
        forms(t, endpoint)
            .iter()
            .filter(|form| {
                form.iter()
                    .zip(inputs)
                    .all(|(rule, value)| self.fits_rule(rule, value.as_deref()))
            })
            .count()
    }
}

/// A parent that takes a child of type `t`, with a key an LMC key derives from.
fn parent_of(t: SystemType) -> (SystemType, HardwareKeyCode) {
    let parent = match t {
        SystemType::BxOvoc => SystemType::BxOvoc,
        SystemType::MobicallSupervisor => SystemType::MobicallMaster,
        _ => SystemType::Sv8500,
    };
    (
        parent,
        HardwareKeyCode::parse(parent, parent.hwkc_example()).unwrap(),
    )
}

fn server_accepts(t: SystemType, endpoint: Endpoint, inputs: &[Option<String>; 6]) -> bool {
    let [
        hwkc,
        secondary_hwkc,
        product_key,
        mac_address,
        full_computer_name,
        domain_name,
    ] = inputs.clone();
    let input = LocationInput {
        name: " Main office ".into(),
        system_type: t.code().into(),
        hwkc,
        secondary_hwkc,
        product_key,
        mac_address,
        full_computer_name,
        domain_name,
        reference_note: None,
    };
    let (parent_type, parent_hwkc) = parent_of(t);
    let placement = match endpoint {
        Endpoint::TopLevel => Placement::TopLevel,
        Endpoint::Child => Placement::ChildOf {
            parent_type,
            parent_hwkc: &parent_hwkc,
            siblings: &[],
            parent_activated: false,
        },
    };
    LocationDraft::plan(&input, placement).is_ok()
}

/// Values every input is tried with: blanks, every type's example in several spellings, and
/// samples of the other inputs' kinds, good and bad.
fn samples() -> Vec<Option<String>> {
    let mut values: Vec<String> = ["", "  ", "\t\u{3000}", "x", "\u{1c}"]
        .map(str::to_owned)
        .to_vec();
    for t in SystemType::ALL {
        let example = t.hwkc_example();
        values.extend([
            example.to_owned(),
            format!(" {example}\n"),
            example.to_ascii_lowercase(),
            format!("{example}0"),
        ]);
    }
    values.extend(
        [
            "A_35G0-0N47-0108-E0S0-A883-2EF2-d3Po",
            "A_36G0-0N47-0108-E0S0-A883-2EF2-d3Po",
            "6c:e4:da:01:37:8c",
            "6CE4.DA01.378C",
            "000000000000",
            "ff-ff-ff-ff-ff-ff",
            "6C:E4-DA:01:37:8C",
            "pbx.example.com.",
            "HVPC030PBX.devnlnec.local",
            "-pbx.example.com",
            "pbx..example.com",
            "DT-1234",
            "DT 1234",
            "12345678",
            "123456789",
            "abcdefabcdef",
        ]
        .map(str::to_owned),
    );
    values.push("D".repeat(64));
    values.push("D".repeat(65));
    let mut samples: Vec<Option<String>> = values.into_iter().map(Some).collect();
    samples.push(None);
    samples
}

/// A body of each form of `t` that the server accepts.
fn valid_bodies(t: SystemType, endpoint: Endpoint) -> Vec<[Option<String>; 6]> {
    let s = |v: &str| Some(v.to_owned());
    let mut bodies = Vec::new();
    let taken = TakenFields::of(t);
    let mut base: [Option<String>; 6] = Default::default();
    if taken.hwkc {
        base[0] = s(t.hwkc_example());
    }
    if t.input() == InputKind::MacAddress {
        base[3] = s("6CE4DA01378C");
    }
    if t.input() == InputKind::DomainName {
        base[5] = s("pbx.example.com");
    }
    if taken.product_key {
        let mut hardware = base.clone();
        hardware[2] = s("DT123456");
        bodies.push(hardware);
        base[0] = s("358744541284567");
    }
    if taken.full_computer_name {
        let mut dongle_less = base.clone();
        dongle_less[0] = None;
        dongle_less[4] = s("hvpc030pbx.devnlnec.local");
        bodies.push(dongle_less);
    }
    if endpoint == Endpoint::Child && t.hwkc_from_parent() {
        bodies.push(Default::default());
    }
    bodies.push(base);
    bodies
}

#[test]
fn every_form_accepts_exactly_what_the_server_accepts() {
    let mut patterns = Patterns::default();
    let samples = samples();
    for endpoint in [Endpoint::TopLevel, Endpoint::Child] {
        for t in endpoint.system_types() {
            for body in valid_bodies(t, endpoint) {
                assert!(
                    server_accepts(t, endpoint, &body),
                    "{t} {endpoint:?} {body:?}"
                );
                assert_eq!(
                    patterns.fitting_forms(t, endpoint, &body),
                    1,
                    "{t} {body:?}"
                );
                for at in 0..INPUTS.len() {
                    for sample in &samples {
                        let mut varied = body.clone();
                        varied[at].clone_from(sample);
                        let fitting = patterns.fitting_forms(t, endpoint, &varied);
                        assert!(fitting <= 1, "{t}: forms overlap on {varied:?}");
                        assert_eq!(
                            fitting == 1,
                            server_accepts(t, endpoint, &varied),
                            "{t} at {endpoint:?}, {} = {sample:?} in {varied:?}",
                            INPUTS[at]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_endpoints_take_the_catalog_types() {
    let top: Vec<_> = Endpoint::TopLevel.system_types().collect();
    assert_eq!(top.len(), SystemType::ALL.len() - 1);
    assert!(!top.contains(&SystemType::SrMgc));
    let child: Vec<_> = Endpoint::Child.system_types().collect();
    assert_eq!(
        child,
        [
            SystemType::SrMgc,
            SystemType::Lmc,
            SystemType::BxOvoc,
            SystemType::MobicallSupervisor
        ]
    );
    // Only the LMC child differs from its top-level form (its HWKC may be derived).
    let names: Vec<_> = branches(Endpoint::Child)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "ChildLocationBody_SR_MGC",
            "ChildLocationBody_LMC",
            "LocationBody_BX_OVOC",
            "LocationBody_MOBICALL_SUPERVISOR"
        ]
    );
}
