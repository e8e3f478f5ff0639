//! Change kinds as data: one row per public kind, with what it breaks in
//! each direction, the severity of a break, its words old → new (the
//! mirrored words are its mirror's), its documentation (`contract explain`)
//! and whether a consumer's `uses` list can lower it.
//!
//! Adding a kind is one variant of `ChangeKind`, one row here and its
//! fixtures (`fixtures/diff/<id>/`, `fixtures/rules/<id>/`).

use super::ChangeKind;
use crate::finding::{Category, RuleMeta, Severity};

/// What a kind does to one direction of compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Every change of this kind breaks the direction.
    Breaks,
    /// No change of this kind breaks the direction.
    Safe,
    /// It depends; the text says on what.
    Depends(&'static str),
}

impl Effect {
    pub fn describe(self) -> String {
        match self {
            Effect::Breaks => "breaks".into(),
            Effect::Safe => "does not break".into(),
            Effect::Depends(why) => format!("breaks {why}"),
        }
    }
}

/// One change kind.
#[derive(Debug)]
pub struct KindRow {
    pub kind: ChangeKind,
    /// Its id, summary and documentation; for the kinds reported as their
    /// own rule, the rule's catalog entry.
    pub meta: RuleMeta,
    /// Backward: consumers on the new schema reading events written with
    /// the previous one.
    pub backward: Effect,
    /// Forward: consumers on the previous schema reading new events.
    pub forward: Effect,
    /// The severity of a finding when a change of this kind breaks the
    /// contract's mode (before the manifest's `rules:` and consumers' `uses`).
    pub breaks_as: Severity,
    /// The kind the same change is, read new → old.
    pub mirror: ChangeKind,
    /// Its words, old → new, after the field's name ("was removed").
    pub says: &'static str,
    /// Is a break lowered to a warning when consumers declare `uses` and
    /// none of them reads the field?
    pub uses_lowers: bool,
}

impl ChangeKind {
    /// This kind's row.
    pub fn row(self) -> &'static KindRow {
        &KINDS[self as usize]
    }
}

/// Every change kind, in `ChangeKind` order.
pub static KINDS: [KindRow; 19] = [
    KindRow {
        kind: ChangeKind::FieldAdded,
        meta: RuleMeta {
            id: "field-added",
            category: Category::Change,
            severity: Severity::Info,
            summary: "A new optional property",
            docs: r##"## What it does
Reports a property that the new schema adds as optional. Under the `lenient` policy it never breaks anything; under `confluent` adding a property to an *open* object (no `additionalProperties: false`) breaks `backward`, and the finding becomes an error named `field-added`. A compatible change that removes or alters a field a consumer lists in `uses` is a warning naming that consumer.

## Why it matters
`OrderPlaced` gaining an optional `discount_code` breaks nobody, but every consumer should hear of it before it ships: the report names them.

## Example
```yaml
properties:
  order_id: { type: string }
  discount_code: { type: string }     # new, optional
```

## How to fix
Nothing to fix under `lenient`. Under `confluent`, close the object (`additionalProperties: false`) in a previous version, or accept the change with a waiver.
"##,
        },
        backward: Effect::Depends("under `confluent`, when the previous object is open: old events may already carry the name with another value"),
        forward: Effect::Depends(
            "under `confluent`, when the previous object is closed (`additionalProperties: false`): it rejects new events that carry the property",
        ),
        breaks_as: Severity::Error,
        mirror: ChangeKind::FieldRemoved,
        says: "was added (optional)",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::FieldRemoved,
        meta: RuleMeta {
            id: "field-removed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A property disappeared",
            docs: r##"## What it does
Reports a property present at the base and gone now. Removing a *required* property breaks `forward` (consumers on the previous schema require it). Removing an optional one breaks nothing under `lenient`; under `confluent` it depends on the content model of the new object: removing it from an **open** object (no `additionalProperties: false`) is compatible, removing it from a **closed** object breaks `backward` (old events that carry it are rejected), and for a **partially open** object (`patternProperties` or an `additionalProperties` schema) the removed property is compared with the schema that now covers its name.

## Why it matters
A consumer that reads the field gets nothing, or (closed objects) rejects every old event.

## Example
```yaml
properties:
  order_id: { type: string }
  # coupon: { type: string }      <- removed
```

## How to fix
Deprecate first: make the field optional, tell the consumers listed in the finding, wait until none `uses` it, then remove it with a major version bump. On a closed object, open it (`additionalProperties: true`) in one release and remove the field in the next.
"##,
        },
        backward: Effect::Depends(
            "under `confluent`, when the new object is closed: it rejects old events that carry the property",
        ),
        forward: Effect::Depends(
            "when the previous schema required it (new events lack it), or, under `confluent`, when the new object is open: new events may carry the name with any value",
        ),
        breaks_as: Severity::Error,
        mirror: ChangeKind::FieldAdded,
        says: "was removed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::FieldTypeChanged,
        meta: RuleMeta {
            id: "field-type-changed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A property's type changed",
            docs: r##"## What it does
Reports a property whose type changed so that neither type set contains the other: `integer` to `string`, `object` to `array`, a plain schema to an incompatible `oneOf`. Breaks both directions.

## Why it matters
The classic incident: `user_id` goes from integer to UUID and every consumer's parser fails.

## Example
```yaml
user_id: { type: string, format: uuid }     # was { type: integer }
```

## How to fix
Add a new field with the new type (`user_uuid`), publish both, migrate consumers, then remove the old one with a major version bump.
"##,
        },
        backward: Effect::Breaks,
        forward: Effect::Breaks,
        breaks_as: Severity::Error,
        mirror: ChangeKind::FieldTypeChanged,
        says: "changed type",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::TypeNarrowed,
        meta: RuleMeta {
            id: "type-narrowed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A type was narrowed (e.g. number → integer)",
            docs: r##"## What it does
Reports a type that now accepts fewer values: `number` to `integer`. Breaks `backward`: consumers on the new schema reject old events with fractional values.

## Why it matters
Events already written with `12.5` no longer validate.

## Example
```yaml
amount: { type: integer }      # was number
```

## How to fix
Keep the wider type, or bump the major version and migrate old data.
"##,
        },
        backward: Effect::Breaks,
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::TypeWidened,
        says: "type narrowed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::TypeWidened,
        meta: RuleMeta {
            id: "type-widened",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A type was widened (e.g. integer → number)",
            docs: r##"## What it does
Reports a type that now accepts more values: `integer` to `number`, or a type added to a type list. Breaks `forward`: consumers still on the previous schema reject new events.

## Why it matters
A consumer that parses `quantity` as an integer fails on `2.5`.

## Example
```yaml
quantity: { type: number }     # was integer
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, upgrade consumers first or add a new field.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Breaks,
        breaks_as: Severity::Error,
        mirror: ChangeKind::TypeNarrowed,
        says: "type widened",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::RequiredAdded,
        meta: RuleMeta {
            id: "required-added",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A property became required, or a new required property appeared",
            docs: r##"## What it does
Reports a property that is required now and was not (or did not exist). Breaks `backward`: old events lack it. Under `confluent`, a new required property with a `default` is compatible (the registry fills defaults); under `lenient` it is not (validators do not).

## Why it matters
Consumers on the new schema reject every event written before the change.

## Example
```yaml
required: [order_id, channel_id]     # channel_id is new
```

## How to fix
Add the property as optional, make producers send it, and require it only in a later major version.
"##,
        },
        backward: Effect::Depends("always under `lenient`; under `confluent` a `default` makes it compatible, as the registry fills it in"),
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::RequiredRemoved,
        says: "became required",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::RequiredRemoved,
        meta: RuleMeta {
            id: "required-removed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A required property became optional",
            docs: r##"## What it does
Reports a property that was required and is optional now. Breaks `forward`: consumers on the previous schema still require it.

## Why it matters
New events may omit the field, and old consumers reject them.

## Example
```yaml
required: [order_id]      # was [order_id, customer_id]
```

## How to fix
Keep producing the field until every consumer has moved to the new version.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Depends("always under `lenient`; under `confluent` a `default` makes it compatible, as the registry fills it in"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::RequiredAdded,
        says: "became optional",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::EnumValueRemoved,
        meta: RuleMeta {
            id: "enum-value-removed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "Enum values were removed (or a `const` changed)",
            docs: r##"## What it does
Reports an `enum` that lost values, or a `const` that changed. Breaks `backward`: old events carrying the removed value are rejected.

## Why it matters
Consumers that switch on the value fail on events already in the topic.

## Example
```yaml
status: { enum: [PENDING, SHIPPED] }     # was [PENDING, SHIPPED, CANCELLED]
```

## How to fix
Keep the value and stop producing it; remove it in a major version once old events have expired.
"##,
        },
        backward: Effect::Breaks,
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::EnumValueAdded,
        says: "lost enum values",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::EnumValueAdded,
        meta: RuleMeta {
            id: "enum-value-added",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "Enum values were added",
            docs: r##"## What it does
Reports an `enum` that gained values. Breaks `forward`: consumers on the previous schema reject the new value.

## Why it matters
A consumer with an exhaustive switch crashes on the new value.

## Example
```yaml
status: { enum: [PENDING, SHIPPED, RETURNED] }
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, ship consumers that tolerate unknown values first.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Breaks,
        breaks_as: Severity::Error,
        mirror: ChangeKind::EnumValueRemoved,
        says: "gained enum values",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::ConstraintTightened,
        meta: RuleMeta {
            id: "constraint-tightened",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A constraint became stricter",
            docs: r##"## What it does
Reports a constraint that now accepts fewer values: `maxLength`, `maximum`, `maxItems`, `maxProperties` lowered; `minLength`, `minimum`, `minItems`, `minProperties` raised; `multipleOf`, `pattern`, `uniqueItems`, `dependentRequired`, `not` added; `format` added under `lenient` (under `confluent` the registry ignores `format`: reported as a warning). Breaks `backward`.

## Why it matters
Old events that were valid become invalid for consumers on the new schema.

## Example
```yaml
name: { type: string, maxLength: 10 }     # was 12
```

## How to fix
Validate producers first and keep the old bound until old events have expired, or bump the major version.
"##,
        },
        backward: Effect::Depends("always, except `format` under `confluent`, which the registry does not compare"),
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::ConstraintLoosened,
        says: "constraint tightened",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::ConstraintLoosened,
        meta: RuleMeta {
            id: "constraint-loosened",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A constraint became looser",
            docs: r##"## What it does
Reports a constraint that now accepts more values (the mirror of `constraint-tightened`). Breaks `forward`: consumers on the previous schema reject new values.

## Why it matters
A consumer sized for 12 characters receives 20.

## Example
```yaml
name: { type: string, maxLength: 20 }     # was 12
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, upgrade consumers first.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Depends("always, except `format` under `confluent`, which the registry does not compare"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::ConstraintTightened,
        says: "constraint loosened",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::ConstraintChanged,
        meta: RuleMeta {
            id: "constraint-changed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "A constraint changed in a way that is neither stricter nor looser",
            docs: r##"## What it does
Reports a `pattern`, `format`, `multipleOf` or `dependentRequired` that changed so that neither version contains the other. Breaks both directions.

## Why it matters
Values valid under one version are invalid under the other, in both directions.

## Example
```yaml
sku: { type: string, pattern: "^P[0-9]{8}$" }     # was ^SKU-[0-9]+$
```

## How to fix
Introduce a new field with the new constraint, or bump the major version.
"##,
        },
        backward: Effect::Depends("always, except `format` under `confluent`, which the registry does not compare"),
        forward: Effect::Depends("always, except `format` under `confluent`, which the registry does not compare"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::ConstraintChanged,
        says: "constraint changed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::AdditionalPropertiesNarrowed,
        meta: RuleMeta {
            id: "additional-properties-narrowed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "`additionalProperties` was closed or narrowed",
            docs: r##"## What it does
Reports `additionalProperties` (or `unevaluatedProperties`) going from allowed to `false`, or gaining a schema. Under `confluent` this breaks `backward`: old events with undeclared properties are rejected. Under `lenient` it breaks nothing: producers emit only the properties they declare.

## Why it matters
With the registry's STRICT rules, closing a content model rejects data that was valid.

## Example
```yaml
additionalProperties: false     # was true
```

## How to fix
Close objects from their first version, or accept the change under `lenient`.
"##,
        },
        backward: Effect::Depends("under `confluent`; `lenient` assumes producers emit only the properties they declare"),
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::AdditionalPropertiesWidened,
        says: "accepts fewer undeclared properties",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::AdditionalPropertiesWidened,
        meta: RuleMeta {
            id: "additional-properties-widened",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "`additionalProperties` was opened or widened",
            docs: r##"## What it does
Reports `additionalProperties` going from `false` to allowed, or losing its schema. Under `confluent` this breaks `forward`; under `lenient` nothing.

## Why it matters
Consumers on the previous, closed schema reject events with properties they do not know.

## Example
```yaml
additionalProperties: true      # was false
```

## How to fix
Upgrade consumers first, or accept the change under `lenient`.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Depends("under `confluent`; `lenient` assumes producers emit only the properties they declare"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::AdditionalPropertiesNarrowed,
        says: "accepts more undeclared properties",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::ItemsChanged,
        meta: RuleMeta {
            id: "items-changed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "An array's items changed (all-items schema, tuple or additional items)",
            docs: r##"## What it does
Reports a change to an array's `items` that is not a change inside the item schema: an items schema added or removed, a tuple position (`prefixItems` or draft-07 `items: [...]`) added or removed, additional items allowed or forbidden. Changes *inside* an item schema are reported with their own kind, at their own pointer.

## Why it matters
An array's element shape is part of the payload: consumers iterate it.

## Example
```yaml
tags:
  type: array
  items: { type: string }      # was: no items schema
```

## How to fix
As for fields: add a new array field for the new element shape, or bump the major version.
"##,
        },
        backward: Effect::Depends("when an array old events may carry is no longer accepted: a tuple item added where the previous additional items did not allow its values, or removed from a closed tuple"),
        forward: Effect::Depends("when an array new events may carry was not accepted by the previous schema (the mirror of `backward`)"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::ItemsChanged,
        says: "array items changed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::CombinatorChanged,
        meta: RuleMeta {
            id: "combinator-changed",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "`oneOf`/`anyOf`/`allOf` members or criterion changed",
            docs: r##"## What it does
Reports a change to a combinator: members added or removed, the criterion changed (`oneOf` to `allOf`), or members that no longer match. Members are paired by a maximum matching of compatible pairs, so reordering is not a change; a plain schema that becomes a `oneOf` containing a compatible branch is a widening.

## Why it matters
Union types are where consumers hide their switch statements.

## Example
```yaml
payment: { oneOf: [ { $ref: "#/$defs/card" } ] }     # was oneOf [card, voucher]
```

## How to fix
Add members only under `backward`; remove them only with a major version bump.
"##,
        },
        backward: Effect::Depends("when a branch of the previous schema is no longer accepted by any branch of the new one"),
        forward: Effect::Depends("when a branch of the new schema was not accepted by any branch of the previous one"),
        breaks_as: Severity::Error,
        mirror: ChangeKind::CombinatorChanged,
        says: "combinator changed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::AnnotationChanged,
        meta: RuleMeta {
            id: "annotation-changed",
            category: Category::Change,
            severity: Severity::Info,
            summary: "An annotation changed (no effect on which events are valid)",
            docs: r##"## What it does
Reports a change to an annotation: `title`, `description`, `default`, `$id`, `deprecated`, `readOnly`, `writeOnly`, `examples`, `$comment` or a `content*` keyword. Annotations do not change which events are valid, so this kind never breaks; it is reported under `change-compatible`.

## Why it matters
A description or a default is still part of what consumers read about the field; they hear of it in the pull-request report.

## Example
```yaml
amount: { type: number, description: "Total in cents" }   # was "Total"
```

## How to fix
Nothing to fix: it is information. Lower or raise it in the manifest with `rules: { annotation-changed: warning }`.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::AnnotationChanged,
        says: "annotation changed",
        uses_lowers: true,
    },
    KindRow {
        kind: ChangeKind::ComparisonIncomplete,
        meta: RuleMeta {
            id: "comparison-incomplete",
            category: Category::Breaking,
            severity: Severity::Error,
            summary: "Part of the schemas could not be compared: too complex, or a change that is not decidable here",
            docs: r##"## What it does
Reports a part of two schemas that was not compared, with the reason:
- the comparison exceeded `MAX_DIFF_STEPS` (pathological combinations of `oneOf` and recursion);
- a keyword changed whose comparison is not decidable here (`$dynamicRef`, `$recursiveRef`, `$vocabulary`, a changed `if` of `if`/`then`/`else`);
- an `allOf` whose members do not merge into one schema exactly (e.g. several members with `patternProperties`), where no single member decides the answer;
- a `$ref` that does not resolve in its document (a cycle between dictionary concepts, a `$ref` by `$anchor`).

The tool does not guess: the change is treated as breaking in the directions it could not check.

## Why it matters
A gate that silently passed what it could not check would be worse than one that asks for a look.

## Example
```yaml
# before
properties:
  node: { $dynamicRef: "#node" }
# after: the dynamic scope decides what this accepts
properties:
  node: { $dynamicRef: "#tree" }
```

## How to fix
Simplify the schema (name shared parts under `$defs`, use `$ref` instead of `$dynamicRef`, give each `allOf` member its own properties), or accept the change with a waiver after reviewing it.
"##,
        },
        backward: Effect::Breaks,
        forward: Effect::Breaks,
        breaks_as: Severity::Error,
        mirror: ChangeKind::ComparisonIncomplete,
        says: "could not be compared",
        uses_lowers: false,
    },
    KindRow {
        kind: ChangeKind::SchemaReshaped,
        meta: RuleMeta {
            id: "schema-reshaped",
            category: Category::Change,
            severity: Severity::Info,
            summary: "A schema was spelled differently, with the same meaning",
            docs: r##"## What it does
Reports a place where the schema was rewritten without changing which events it accepts: a `type` list spelled as a `oneOf` of single-type branches, a nullable field spelled `anyOf: [X, {type: null}]` instead of `type: [..., "null"]`, union members reordered, merged or moved behind a `$ref`, `definitions` renamed to `$defs`, an object split into `allOf: [{$ref: Common}, {...}]` with the same fields. Both versions are brought to one normal form before they are compared; where the normal forms agree but the spellings differ, this is the one change reported (never a break).

## Why it matters
A rewrite that keeps the meaning must not fail the gate: a gate that cries wolf gets waived by reflex. But it still changes what readers of the schema see, so reviewers are told, with both spellings.

## Example
```yaml
amount: { oneOf: [ { type: integer }, { type: string } ] }   # was type: [string, integer]
```

## How to fix
Nothing to fix: it is information. Check that the rewrite was meant to keep the meaning.
"##,
        },
        backward: Effect::Safe,
        forward: Effect::Safe,
        breaks_as: Severity::Error,
        mirror: ChangeKind::SchemaReshaped,
        says: "was reshaped with the same meaning",
        uses_lowers: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_enum_and_mirrors_pair_up() {
        assert_eq!(KINDS.len(), ChangeKind::ALL.len());
        for (i, k) in ChangeKind::ALL.iter().enumerate() {
            let row = &KINDS[i];
            assert_eq!(row.kind, *k, "row {i} is out of order");
            assert_eq!(k.row().meta.id, k.id());
            assert_eq!(row.mirror.row().mirror, *k, "{} mirrors back", k.id());
            // A kind and its mirror swap directions.
            let m = row.mirror.row();
            assert_eq!(
                (row.backward == Effect::Safe, row.forward == Effect::Safe),
                (m.forward == Effect::Safe, m.backward == Effect::Safe),
                "{} and its mirror {} disagree on directions",
                k.id(),
                m.meta.id
            );
            assert!(!row.says.is_empty());
            if row.meta.category == Category::Breaking {
                assert_eq!(row.meta.severity, row.breaks_as, "{}", k.id());
            }
        }
    }
}
