//! What no rule can know about Intercom's domain: the project-owned tables of
//! `spec/domain.yaml`. The normaliser's general rules consult them; each entry says why.
use serde::Deserialize;

use crate::error::{Error, Result};

/// Runtime types a shape rule may name (hand-written in `intercom-runtime/src/shapes.rs`).
pub const RUNTIME_TYPES: &[&str] = &["Avatar", "CustomAttributes", "NextPage"];

/// The tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Properties Intercom sends in more shapes than the description declares.
    #[serde(default)]
    pub shapes: Vec<ShapeRule>,
    /// Method names the verb rule cannot find, by operationId.
    #[serde(default)]
    pub methods: Vec<MethodRule>,
    /// Type names the naming rules cannot find, by the JSON pointer of the schema.
    #[serde(default)]
    pub types: Vec<TypeRule>,
}

/// A method name for one operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodRule {
    /// The operationId (or the one the generator synthesises).
    pub operation: String,
    /// The method name, snake_case.
    pub method: String,
    /// Why the rule's name does not fit.
    pub reason: String,
}

/// A type name for the schema at a JSON pointer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeRule {
    /// JSON pointer of the schema, e.g. `#/components/schemas/ticket/properties/type`.
    pub pointer: String,
    /// The type name, UpperCamelCase.
    pub name: String,
    /// Why the rules' name does not fit.
    pub reason: String,
}

/// A property that, in every type that can arrive in a response, takes a runtime type
/// accepting all the shapes seen on the wire.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeRule {
    /// The JSON property name, e.g. `avatar`.
    pub property: String,
    /// The runtime type, one of [`RUNTIME_TYPES`].
    pub runtime_type: String,
    /// Also in request bodies (by default only in types that can arrive in a response).
    #[serde(default)]
    pub in_requests: bool,
    /// What was seen, and where.
    pub evidence: String,
}

impl Domain {
    /// Parse and check `spec/domain.yaml`.
    pub fn parse(file: &str, yaml: &str) -> Result<Domain> {
        let domain: Domain = serde_yaml::from_str(yaml)
            .map_err(|e| Error::Source(format!("{file}: invalid tables: {e}")))?;
        for rule in &domain.shapes {
            if !RUNTIME_TYPES.contains(&rule.runtime_type.as_str()) {
                return Err(Error::Source(format!(
                    "{file}: shape rule for `{}` names unknown runtime type `{}` (known: {})",
                    rule.property,
                    rule.runtime_type,
                    RUNTIME_TYPES.join(", ")
                )));
            }
        }
        Ok(domain)
    }

    /// The method the table names for an operation.
    pub fn method_of(&self, operation: &str) -> Option<&str> {
        self.methods
            .iter()
            .find(|rule| rule.operation == operation)
            .map(|rule| rule.method.as_str())
    }

    /// The type name the table gives the schema at `pointer`.
    pub fn type_name_of(&self, pointer: &str) -> Option<&str> {
        self.types
            .iter()
            .find(|rule| rule.pointer == pointer)
            .map(|rule| rule.name.as_str())
    }

    /// The runtime type a property takes, if a rule names one for this direction.
    pub fn shape_of(&self, property: &str, response: bool) -> Option<&str> {
        self.shapes
            .iter()
            .find(|rule| rule.property == property && (response || rule.in_requests))
            .map(|rule| rule.runtime_type.as_str())
    }
}
