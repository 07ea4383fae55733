//! The published schema of a location to create: one branch per system type, chosen by
//! `system_type` (a `oneOf` with a discriminator), each stating the inputs that type takes,
//! with the patterns the domain checks them against. Everything here is read from the
//! domain's rules (`TakenFields`, the catalog, the input patterns), so the document and the
//! server cannot drift apart; the tests below compare the two on sample bodies.

use std::borrow::Cow;

use lms_domain::derive::{MAC_ADDRESS_OF_A_DEVICE, host_name_patterns, mac_address_pattern};
use lms_domain::field::{blank_pattern, text_pattern, trimmed_pattern};
use lms_domain::hwkc::{input_pattern, input_pattern_for};
use lms_domain::location::{TakenFields, bx_ovoc_key_forms, product_key_pattern};
use lms_domain::{InputKind, SystemType};
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, Discriminator, ObjectBuilder, OneOfBuilder,
    SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr, Schema};

/// Which operation the body is for: a child location takes fewer types, and an LMC child
/// may leave its HWKC to be derived from the parent's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    TopLevel,
    Child,
}

impl Endpoint {
    fn prefix(self) -> &'static str {
        match self {
            Endpoint::TopLevel => "LocationBody",
            Endpoint::Child => "ChildLocationBody",
        }
    }

    /// The system types a body for this endpoint may name.
    pub(crate) fn system_types(self) -> impl Iterator<Item = SystemType> {
        SystemType::ALL.into_iter().filter(move |t| match self {
            Endpoint::TopLevel => t.top_level(),
            Endpoint::Child => t.is_child_type(),
        })
    }
}

/// How one body form uses an input. The patterns all apply (the value must fit each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Not taken by the type: absent, `null` or blank.
    Blank,
    /// May be absent, `null` or blank; otherwise fits the patterns.
    Optional(Vec<String>),
    /// Present and fitting the patterns (blank is absent, so the patterns refuse it).
    Required(Vec<String>),
}

/// The inputs that depend on the system type, in the order of `LocationBody`.
pub(crate) const INPUTS: [&str; 6] = [
    "hwkc",
    "secondary_hwkc",
    "product_key",
    "mac_address",
    "full_computer_name",
    "domain_name",
];

/// One accepted shape of a body of a system type: a rule per input of [`INPUTS`].
pub(crate) type Form = [Rule; 6];

/// The forms a body of `t` may take at `endpoint`: one, or two where the type has
/// alternatives (iS3000: a dongle's HWKC or a full computer name; BX/OVOC: a hardware
/// serial with its product key or a software id without one).
pub(crate) fn forms(t: SystemType, endpoint: Endpoint) -> Vec<Form> {
    let taken = TakenFields::of(t);
    let rule = |taken: bool, required: bool, patterns: Vec<String>| match (taken, required) {
        (false, _) => Rule::Blank,
        (true, false) => Rule::Optional(patterns),
        (true, true) => Rule::Required(patterns),
    };
    let hwkc_required = !(endpoint == Endpoint::Child && t.hwkc_from_parent());
    let host = || host_name_patterns().to_vec();
    let base: Form = [
        rule(taken.hwkc, hwkc_required, vec![input_pattern(t)]),
        rule(taken.secondary_hwkc, false, vec![input_pattern(t)]),
        rule(taken.product_key, false, vec![product_key_pattern()]),
        rule(
            taken.mac_address,
            t.input() == InputKind::MacAddress,
            vec![mac_address_pattern(), MAC_ADDRESS_OF_A_DEVICE.to_owned()],
        ),
        rule(taken.full_computer_name, false, host()),
        rule(
            taken.domain_name,
            t.input() == InputKind::DomainName,
            host(),
        ),
    ];
    let with = |changes: &[(usize, Rule)]| {
        let mut form = base.clone();
        for (at, rule) in changes {
            form[*at] = rule.clone();
        }
        form
    };
    if taken.full_computer_name {
        // The dongle's HWKC or, dongle-less, the full computer name: exactly one of them.
        return vec![
            with(&[
                (0, Rule::Required(vec![input_pattern(t)])),
                (4, Rule::Blank),
            ]),
            with(&[(0, Rule::Blank), (4, Rule::Required(host()))]),
        ];
    }
    if taken.product_key {
        let [hardware, software] = bx_ovoc_key_forms().map(|f| input_pattern_for(t, &f));
        return vec![
            with(&[
                (0, Rule::Required(vec![hardware])),
                (2, Rule::Required(vec![product_key_pattern()])),
            ]),
            with(&[(0, Rule::Required(vec![software])), (2, Rule::Blank)]),
        ];
    }
    vec![base]
}

/// What each input is, for the reader of the document.
fn input_description(input: &str, t: SystemType) -> Cow<'static, str> {
    match input {
        "hwkc" | "secondary_hwkc" => {
            format!("{}, e.g. {}", t.hwkc_description(), t.hwkc_example()).into()
        }
        "product_key" => "The delivery serial (DT…): letters, digits and dashes".into(),
        "mac_address" => "The CPU's MAC address, e.g. 6CE4DA01378C or 6C:E4:DA:01:37:8C".into(),
        "full_computer_name" => "The server's host name, e.g. hvpc030pbx.devnlnec.local".into(),
        "domain_name" => "The system's domain name, e.g. customer.example.com".into(),
        _ => "".into(),
    }
}

/// A string input fitting all `patterns`; optional: absent, `null`, blank or fitting them.
fn text(required: bool, patterns: &[String]) -> RefOr<Schema> {
    if !required {
        return AnyOfBuilder::new()
            .item(blank())
            .item(text(true, patterns))
            .into();
    }
    fitting(SchemaType::Type(Type::String), patterns)
}

/// Absent, `null` or blank: what an optional input treats as not given.
fn blank() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .pattern(Some(blank_pattern()))
}

fn fitting(types: SchemaType, patterns: &[String]) -> RefOr<Schema> {
    let first = ObjectBuilder::new()
        .schema_type(types)
        .pattern(patterns.first().cloned());
    match patterns {
        [] | [_] => first.into(),
        [_, more @ ..] => {
            let all = more.iter().fold(AllOfBuilder::new().item(first), |all, p| {
                all.item(ObjectBuilder::new().pattern(Some(p.clone())))
            });
            all.into()
        }
    }
}

fn form_schema(t: SystemType, form: &Form, alternative: Option<&str>) -> ObjectBuilder {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .title(Some(t.name()))
        .description(alternative.map(|a| format!("{}: {a}", t.name())))
        .property("name", text(true, &[text_pattern(200, true)]))
        .required("name")
        .property("system_type", system_type(t))
        .required("system_type");
    for (input, rule) in INPUTS.iter().zip(form) {
        let schema = match rule {
            Rule::Blank => blank()
                .description(Some(format!(
                    "Not taken by {}: absent, null or blank",
                    t.name()
                )))
                .into(),
            Rule::Optional(p) => with_description(text(false, p), input_description(input, t)),
            Rule::Required(p) => with_description(text(true, p), input_description(input, t)),
        };
        object = object.property(*input, schema);
        if matches!(rule, Rule::Required(_)) {
            object = object.required(*input);
        }
    }
    object
        .property(
            "reference_note",
            fitting(
                SchemaType::Array(vec![Type::String, Type::Null]),
                &[text_pattern(500, false)],
            ),
        )
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

fn with_description(schema: RefOr<Schema>, description: Cow<'static, str>) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::Object(mut o)) => {
            o.description = Some(description.into_owned());
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::AllOf(mut a)) => {
            a.description = Some(description.into_owned());
            RefOr::T(Schema::AllOf(a))
        }
        RefOr::T(Schema::AnyOf(mut a)) => {
            a.description = Some(description.into_owned());
            RefOr::T(Schema::AnyOf(a))
        }
        other => other,
    }
}

/// The schema of a body of type `t` at `endpoint`.
fn branch(t: SystemType, endpoint: Endpoint) -> RefOr<Schema> {
    let forms = forms(t, endpoint);
    if let [form] = forms.as_slice() {
        return form_schema(t, form, None).into();
    }
    let what = |form: &Form| match (&form[0], &form[4], &form[2]) {
        (_, Rule::Required(_), _) => "dongle-less, by its full computer name",
        (_, _, Rule::Required(_)) => "hardware, with its product key",
        _ if t.takes_product_key() => "software, without a product key yet",
        _ => "with the dongle's hardware key code",
    };
    let one_of = forms.iter().fold(OneOfBuilder::new(), |one_of, form| {
        one_of.item(form_schema(t, form, Some(what(form))))
    });
    // The discriminator's property stated on its own too: generators (openapi-typescript)
    // read a mapped schema's properties from an object or an `allOf`.
    AllOfBuilder::new()
        .title(Some(t.name()))
        .description(Some(format!(
            "A {} location, in one of its forms",
            t.name()
        )))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("system_type", system_type(t))
                .required("system_type"),
        )
        .item(one_of)
        .into()
}

fn system_type(t: SystemType) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(trimmed_pattern(&format!("^{}$", t.code()))))
        .description(Some(format!(
            "`{}` (white space around is ignored)",
            t.code()
        )))
}

/// The component name of the branch of `t` at `endpoint`: a child body shares the
/// top-level branch where the two are the same.
fn branch_name(t: SystemType, endpoint: Endpoint) -> String {
    let shared = endpoint == Endpoint::Child
        && t.top_level()
        && serde_json::to_value(branch(t, endpoint)).ok()
            == serde_json::to_value(branch(t, Endpoint::TopLevel)).ok();
    let prefix = if shared {
        Endpoint::TopLevel.prefix()
    } else {
        endpoint.prefix()
    };
    format!("{prefix}_{}", t.code())
}

/// The named branches of the body at `endpoint`, for the document's components.
pub(crate) fn branches(endpoint: Endpoint) -> Vec<(String, RefOr<Schema>)> {
    endpoint
        .system_types()
        .map(|t| (branch_name(t, endpoint), branch(t, endpoint)))
        .collect()
}

/// The body at `endpoint`: one of the branches, chosen by `system_type`.
pub(crate) fn body(endpoint: Endpoint, description: &str) -> RefOr<Schema> {
    let mut discriminator = Discriminator::new("system_type");
    let mut one_of = OneOfBuilder::new();
    for t in endpoint.system_types() {
        let reference = format!("#/components/schemas/{}", branch_name(t, endpoint));
        discriminator
            .mapping
            .insert(t.code().to_owned(), reference.clone());
        one_of = one_of.item(Ref::new(reference));
    }
    one_of
        .description(Some(description))
        .discriminator(Some(discriminator))
        .examples([serde_json::json!({
            "name": "Utrecht head office",
            "system_type": if endpoint == Endpoint::Child { "LMC" } else { "SV9100_CP10" },
            "hwkc": if endpoint == Endpoint::Child { "LM2000IPS000042" } else { "340209224568" },
            "reference_note": "rack 2"
        })])
        .into()
}

#[cfg(test)]
mod tests;
