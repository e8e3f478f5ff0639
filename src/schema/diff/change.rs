//! Change kinds: the internal differences the comparison finds (`Delta`, each
//! knowing whether it keeps "B accepts everything A accepts" under each
//! policy), and the public, stable change kinds (`ChangeKind`) they are
//! reported as, whose ids are rule ids.

use serde::Serialize;
use serde_json::Value;

use crate::model::Policy;

/// The public change kinds. Their ids are stable: the manifest's `rules:`
/// and `ignore:` use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    TypeNarrowed,
    TypeWidened,
    RequiredAdded,
    RequiredRemoved,
    EnumValueRemoved,
    EnumValueAdded,
    ConstraintTightened,
    ConstraintLoosened,
    ConstraintChanged,
    AdditionalPropertiesNarrowed,
    AdditionalPropertiesWidened,
    ItemsChanged,
    CombinatorChanged,
    AnnotationChanged,
    ComparisonIncomplete,
    SchemaReshaped,
}

impl ChangeKind {
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldTypeChanged,
        ChangeKind::TypeNarrowed,
        ChangeKind::TypeWidened,
        ChangeKind::RequiredAdded,
        ChangeKind::RequiredRemoved,
        ChangeKind::EnumValueRemoved,
        ChangeKind::EnumValueAdded,
        ChangeKind::ConstraintTightened,
        ChangeKind::ConstraintLoosened,
        ChangeKind::ConstraintChanged,
        ChangeKind::AdditionalPropertiesNarrowed,
        ChangeKind::AdditionalPropertiesWidened,
        ChangeKind::ItemsChanged,
        ChangeKind::CombinatorChanged,
        ChangeKind::AnnotationChanged,
        ChangeKind::ComparisonIncomplete,
        ChangeKind::SchemaReshaped,
    ];

    /// The stable id (a rule id), from the kind's row.
    pub fn id(self) -> &'static str {
        self.row().meta.id
    }

    /// The kind seen from the other side (old and new swapped).
    pub fn mirror(self) -> ChangeKind {
        self.row().mirror
    }
}

/// The label of a union branch no branch of the other side accepts.
pub const BRANCH_LOST: &str = "a union branch is no longer accepted";

/// One internal difference, found by asking "does the update accept every
/// instance the original accepts?". Named from the original → update view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Delta {
    IdChanged,
    TitleChanged,
    DescriptionChanged,
    DefaultChanged,
    SchemaAdded,
    SchemaRemoved,
    TypeChanged,
    TypeExtended,
    TypeNarrowed,
    MaxLengthAdded,
    MaxLengthRemoved,
    MaxLengthIncreased,
    MaxLengthDecreased,
    MinLengthAdded,
    MinLengthRemoved,
    MinLengthIncreased,
    MinLengthDecreased,
    PatternAdded,
    PatternRemoved,
    PatternChanged,
    FormatAdded,
    FormatRemoved,
    FormatChanged,
    MaximumAdded,
    MaximumRemoved,
    MaximumIncreased,
    MaximumDecreased,
    MinimumAdded,
    MinimumRemoved,
    MinimumIncreased,
    MinimumDecreased,
    ExclusiveMaximumAdded,
    ExclusiveMaximumRemoved,
    ExclusiveMaximumIncreased,
    ExclusiveMaximumDecreased,
    ExclusiveMinimumAdded,
    ExclusiveMinimumRemoved,
    ExclusiveMinimumIncreased,
    ExclusiveMinimumDecreased,
    MultipleOfAdded,
    MultipleOfRemoved,
    MultipleOfExpanded,
    MultipleOfReduced,
    MultipleOfChanged,
    RequiredAttributeAdded,
    RequiredAttributeWithDefaultAdded,
    RequiredAttributeRemoved,
    DependencyArrayAdded,
    DependencyArrayRemoved,
    DependencyArrayExtended,
    DependencyArrayNarrowed,
    DependencyArrayChanged,
    DependencySchemaAdded,
    DependencySchemaRemoved,
    MaxPropertiesAdded,
    MaxPropertiesRemoved,
    MaxPropertiesIncreased,
    MaxPropertiesDecreased,
    MinPropertiesAdded,
    MinPropertiesRemoved,
    MinPropertiesIncreased,
    MinPropertiesDecreased,
    AdditionalPropertiesAdded,
    AdditionalPropertiesRemoved,
    AdditionalPropertiesExtended,
    AdditionalPropertiesNarrowed,
    /// Lenient: `additionalProperties` (or its kin) changed; never compared.
    AdditionalPropertiesIgnored,
    PropertyAddedToOpen,
    RequiredPropertyAddedToOpen,
    PropertyWithEmptySchemaAddedToOpen,
    OptionalPropertyAddedToUnopen,
    RequiredPropertyAddedToUnopen,
    RequiredPropertyWithDefaultAddedToUnopen,
    PropertyAddedCovered,
    PropertyAddedNotCovered,
    PropertyRemovedFromOpen,
    PropertyRemovedFromClosed,
    PropertyWithFalseRemovedFromClosed,
    PropertyRemovedCovered,
    PropertyRemovedNotCovered,
    /// Lenient: an optional property added (producers emit only what they declare).
    OptionalPropertyAdded,
    /// Lenient: a required property added.
    RequiredPropertyAdded,
    /// Lenient: a property removed.
    PropertyRemoved,
    MaxItemsAdded,
    MaxItemsRemoved,
    MaxItemsIncreased,
    MaxItemsDecreased,
    MinItemsAdded,
    MinItemsRemoved,
    MinItemsIncreased,
    MinItemsDecreased,
    UniqueItemsAdded,
    UniqueItemsRemoved,
    MaxContainsAdded,
    MaxContainsRemoved,
    MaxContainsIncreased,
    MaxContainsDecreased,
    MinContainsAdded,
    MinContainsRemoved,
    MinContainsIncreased,
    MinContainsDecreased,
    AdditionalItemsAdded,
    AdditionalItemsRemoved,
    AdditionalItemsExtended,
    AdditionalItemsNarrowed,
    ItemAddedToOpen,
    ItemWithEmptySchemaAddedToOpen,
    ItemAddedToClosed,
    ItemAddedCovered,
    ItemAddedNotCovered,
    ItemRemovedFromOpen,
    ItemRemovedFromClosed,
    ItemWithFalseRemovedFromClosed,
    ItemRemovedCovered,
    ItemRemovedNotCovered,
    EnumExtended,
    EnumNarrowed,
    /// A plain type now restricted to listed values (`enum`/`const` added).
    EnumAdded,
    /// A type no longer restricted to listed values.
    EnumRemoved,
    EnumChanged,
    ConstChanged,
    CombinedExtended,
    CombinedChanged,
    ProductExtended,
    ProductNarrowed,
    SumExtended,
    SumNarrowed,
    CombinedMembersChanged,
    /// A union branch whose values no branch of the update accepts.
    BranchLost,
    /// More branches lost than are reported one by one.
    MoreBranchesLost,
    /// Union branches merged into fewer that accept the same values.
    SumMerged,
    NotNarrowed,
    NotExtended,
    TooComplex,
    /// A schema that did not accept `null` now does.
    NullableAdded,
    /// A schema that accepted `null` no longer does.
    NullableRemoved,
    /// A `$ref` that does not resolve in its document (a concept cycle, say).
    RefUnresolved,
    /// A keyword whose change is not decidable here (e.g. `$dynamicRef`).
    KeywordNotCompared,
    /// An `allOf` whose members do not merge exactly, with no single member
    /// known to decide the answer.
    AllOfNotMerged,
    PropertyNamesAdded,
    PropertyNamesRemoved,
    ContainsAdded,
    ContainsRemoved,
    ContainsChanged,
    /// A `oneOf` branch may now match what another branch matches.
    OneOfOverlap,
    /// `deprecated`, `readOnly`, `writeOnly`, `examples`, `$comment`, `content*`.
    AnnotationOther,
}

impl Delta {
    /// Does the update still accept every instance the original accepts?
    pub fn compatible(self, policy: Policy) -> bool {
        use Delta::*;
        let lenient = policy == Policy::Lenient;
        match self {
            IdChanged
            | TitleChanged
            | DescriptionChanged
            | DefaultChanged
            | SchemaRemoved
            | TypeExtended
            | MaxLengthIncreased
            | MaxLengthRemoved
            | MinLengthDecreased
            | MinLengthRemoved
            | PatternRemoved
            | MaximumIncreased
            | MaximumRemoved
            | MinimumDecreased
            | MinimumRemoved
            | ExclusiveMaximumIncreased
            | ExclusiveMaximumRemoved
            | ExclusiveMinimumDecreased
            | ExclusiveMinimumRemoved
            | MultipleOfReduced
            | MultipleOfRemoved
            | RequiredAttributeRemoved
            | DependencyArrayNarrowed
            | DependencyArrayRemoved
            | DependencySchemaRemoved
            | MaxPropertiesIncreased
            | MaxPropertiesRemoved
            | MinPropertiesDecreased
            | MinPropertiesRemoved
            | AdditionalPropertiesAdded
            | AdditionalPropertiesExtended
            | AdditionalPropertiesIgnored
            | PropertyWithEmptySchemaAddedToOpen
            | OptionalPropertyAddedToUnopen
            | PropertyWithFalseRemovedFromClosed
            | PropertyRemovedFromOpen
            | PropertyAddedCovered
            | PropertyRemovedCovered
            | OptionalPropertyAdded
            | PropertyRemoved
            | MaxItemsIncreased
            | MaxItemsRemoved
            | MinItemsDecreased
            | MinItemsRemoved
            | UniqueItemsRemoved
            | MaxContainsIncreased
            | MaxContainsRemoved
            | MinContainsDecreased
            | MinContainsRemoved
            | AdditionalItemsAdded
            | AdditionalItemsExtended
            | ItemWithEmptySchemaAddedToOpen
            | ItemAddedToClosed
            | ItemWithFalseRemovedFromClosed
            | ItemRemovedFromOpen
            | ItemAddedCovered
            | ItemRemovedCovered
            | EnumExtended
            | CombinedExtended
            | ProductNarrowed
            | SumExtended
            | NotNarrowed
            | NullableAdded
            | SumMerged
            | PropertyNamesRemoved
            | ContainsRemoved
            | EnumRemoved
            | AnnotationOther => true,
            // The registry fills defaults; validators do not.
            RequiredAttributeWithDefaultAdded | RequiredPropertyWithDefaultAddedToUnopen => {
                !lenient
            }
            // Closing or narrowing the content model: lenient assumes producers
            // emit only the properties they declare.
            AdditionalPropertiesRemoved | AdditionalPropertiesNarrowed => lenient,
            // `format` is not compared by the registry (reported as a warning).
            FormatRemoved => true,
            FormatAdded | FormatChanged => !lenient,
            _ => false,
        }
    }

    /// `format` differences under the registry's policy: reported, not compared.
    pub fn advisory(self, policy: Policy) -> bool {
        policy == Policy::Confluent
            && matches!(
                self,
                Delta::FormatAdded | Delta::FormatChanged | Delta::FormatRemoved
            )
    }

    /// The public kind, seen old → new; `reversed` when this difference was
    /// found with the new schema as the original (the forward question).
    pub fn public(self, reversed: bool) -> ChangeKind {
        use ChangeKind as K;
        use Delta::*;
        let k = match self {
            IdChanged | TitleChanged | DescriptionChanged | DefaultChanged | AnnotationOther => {
                K::AnnotationChanged
            }
            SchemaAdded
            | SchemaRemoved
            | AdditionalItemsAdded
            | AdditionalItemsRemoved
            | AdditionalItemsExtended
            | AdditionalItemsNarrowed
            | ItemAddedToOpen
            | ItemWithEmptySchemaAddedToOpen
            | ItemAddedToClosed
            | ItemAddedCovered
            | ItemAddedNotCovered
            | ItemRemovedFromOpen
            | ItemRemovedFromClosed
            | ItemWithFalseRemovedFromClosed
            | ItemRemovedCovered
            | ItemRemovedNotCovered => K::ItemsChanged,
            TypeChanged => K::FieldTypeChanged,
            TypeExtended => K::TypeWidened,
            TypeNarrowed => K::TypeNarrowed,
            MaxLengthAdded
            | MaxLengthDecreased
            | MinLengthAdded
            | MinLengthIncreased
            | PatternAdded
            | FormatAdded
            | MaximumAdded
            | MaximumDecreased
            | MinimumAdded
            | MinimumIncreased
            | ExclusiveMaximumAdded
            | ExclusiveMaximumDecreased
            | ExclusiveMinimumAdded
            | ExclusiveMinimumIncreased
            | MultipleOfAdded
            | MultipleOfExpanded
            | DependencyArrayAdded
            | DependencyArrayExtended
            | DependencySchemaAdded
            | MaxPropertiesAdded
            | MaxPropertiesDecreased
            | MinPropertiesAdded
            | MinPropertiesIncreased
            | MaxItemsAdded
            | MaxItemsDecreased
            | MinItemsAdded
            | MinItemsIncreased
            | UniqueItemsAdded
            | MaxContainsAdded
            | MaxContainsDecreased
            | MinContainsAdded
            | MinContainsIncreased
            | NotExtended
            | PropertyNamesAdded
            | ContainsAdded
            | EnumAdded => K::ConstraintTightened,
            MaxLengthRemoved
            | MaxLengthIncreased
            | MinLengthRemoved
            | MinLengthDecreased
            | PatternRemoved
            | FormatRemoved
            | MaximumRemoved
            | MaximumIncreased
            | MinimumRemoved
            | MinimumDecreased
            | ExclusiveMaximumRemoved
            | ExclusiveMaximumIncreased
            | ExclusiveMinimumRemoved
            | ExclusiveMinimumDecreased
            | MultipleOfRemoved
            | MultipleOfReduced
            | DependencyArrayRemoved
            | DependencyArrayNarrowed
            | DependencySchemaRemoved
            | MaxPropertiesRemoved
            | MaxPropertiesIncreased
            | MinPropertiesRemoved
            | MinPropertiesDecreased
            | MaxItemsRemoved
            | MaxItemsIncreased
            | MinItemsRemoved
            | MinItemsDecreased
            | UniqueItemsRemoved
            | MaxContainsRemoved
            | MaxContainsIncreased
            | MinContainsRemoved
            | MinContainsDecreased
            | NotNarrowed
            | PropertyNamesRemoved
            | ContainsRemoved
            | EnumRemoved => K::ConstraintLoosened,
            PatternChanged
            | FormatChanged
            | MultipleOfChanged
            | DependencyArrayChanged
            | ContainsChanged => K::ConstraintChanged,
            NullableAdded => K::TypeWidened,
            NullableRemoved => K::TypeNarrowed,
            RequiredAttributeAdded | RequiredAttributeWithDefaultAdded => K::RequiredAdded,
            RequiredAttributeRemoved => K::RequiredRemoved,
            AdditionalPropertiesAdded | AdditionalPropertiesExtended => {
                K::AdditionalPropertiesWidened
            }
            AdditionalPropertiesRemoved
            | AdditionalPropertiesNarrowed
            | AdditionalPropertiesIgnored => K::AdditionalPropertiesNarrowed,
            PropertyAddedToOpen
            | PropertyWithEmptySchemaAddedToOpen
            | OptionalPropertyAddedToUnopen
            | PropertyAddedCovered
            | PropertyAddedNotCovered
            | OptionalPropertyAdded => K::FieldAdded,
            RequiredPropertyAddedToOpen
            | RequiredPropertyAddedToUnopen
            | RequiredPropertyWithDefaultAddedToUnopen
            | RequiredPropertyAdded => {
                if reversed {
                    // A property the old side requires, missing on the new side.
                    return K::FieldRemoved;
                }
                K::RequiredAdded
            }
            PropertyRemovedFromOpen
            | PropertyRemovedFromClosed
            | PropertyWithFalseRemovedFromClosed
            | PropertyRemovedCovered
            | PropertyRemovedNotCovered
            | PropertyRemoved => K::FieldRemoved,
            EnumExtended => K::EnumValueAdded,
            EnumNarrowed | EnumChanged | ConstChanged => K::EnumValueRemoved,
            CombinedExtended
            | CombinedChanged
            | ProductExtended
            | ProductNarrowed
            | SumExtended
            | SumNarrowed
            | CombinedMembersChanged
            | SumMerged
            | BranchLost
            | MoreBranchesLost
            | OneOfOverlap => K::CombinatorChanged,
            TooComplex | RefUnresolved | KeywordNotCompared | AllOfNotMerged => {
                K::ComparisonIncomplete
            }
        };
        if reversed {
            k.mirror()
        } else {
            k
        }
    }

    /// The same difference seen from the other side (old and new swapped),
    /// where it has a named opposite; itself otherwise.
    pub fn mirrored(self) -> Delta {
        use Delta::*;
        match self {
            SchemaAdded => SchemaRemoved,
            SchemaRemoved => SchemaAdded,
            TypeExtended => TypeNarrowed,
            TypeNarrowed => TypeExtended,
            MaxLengthAdded => MaxLengthRemoved,
            MaxLengthRemoved => MaxLengthAdded,
            MaxLengthIncreased => MaxLengthDecreased,
            MaxLengthDecreased => MaxLengthIncreased,
            MinLengthAdded => MinLengthRemoved,
            MinLengthRemoved => MinLengthAdded,
            MinLengthIncreased => MinLengthDecreased,
            MinLengthDecreased => MinLengthIncreased,
            PatternAdded => PatternRemoved,
            PatternRemoved => PatternAdded,
            FormatAdded => FormatRemoved,
            FormatRemoved => FormatAdded,
            MaximumAdded => MaximumRemoved,
            MaximumRemoved => MaximumAdded,
            MaximumIncreased => MaximumDecreased,
            MaximumDecreased => MaximumIncreased,
            MinimumAdded => MinimumRemoved,
            MinimumRemoved => MinimumAdded,
            MinimumIncreased => MinimumDecreased,
            MinimumDecreased => MinimumIncreased,
            ExclusiveMaximumAdded => ExclusiveMaximumRemoved,
            ExclusiveMaximumRemoved => ExclusiveMaximumAdded,
            ExclusiveMaximumIncreased => ExclusiveMaximumDecreased,
            ExclusiveMaximumDecreased => ExclusiveMaximumIncreased,
            ExclusiveMinimumAdded => ExclusiveMinimumRemoved,
            ExclusiveMinimumRemoved => ExclusiveMinimumAdded,
            ExclusiveMinimumIncreased => ExclusiveMinimumDecreased,
            ExclusiveMinimumDecreased => ExclusiveMinimumIncreased,
            MultipleOfAdded => MultipleOfRemoved,
            MultipleOfRemoved => MultipleOfAdded,
            MultipleOfExpanded => MultipleOfReduced,
            MultipleOfReduced => MultipleOfExpanded,
            RequiredAttributeAdded => RequiredAttributeRemoved,
            RequiredAttributeRemoved => RequiredAttributeAdded,
            DependencyArrayAdded => DependencyArrayRemoved,
            DependencyArrayRemoved => DependencyArrayAdded,
            DependencyArrayExtended => DependencyArrayNarrowed,
            DependencyArrayNarrowed => DependencyArrayExtended,
            DependencySchemaAdded => DependencySchemaRemoved,
            DependencySchemaRemoved => DependencySchemaAdded,
            MaxPropertiesAdded => MaxPropertiesRemoved,
            MaxPropertiesRemoved => MaxPropertiesAdded,
            MaxPropertiesIncreased => MaxPropertiesDecreased,
            MaxPropertiesDecreased => MaxPropertiesIncreased,
            MinPropertiesAdded => MinPropertiesRemoved,
            MinPropertiesRemoved => MinPropertiesAdded,
            MinPropertiesIncreased => MinPropertiesDecreased,
            MinPropertiesDecreased => MinPropertiesIncreased,
            AdditionalPropertiesAdded => AdditionalPropertiesRemoved,
            AdditionalPropertiesRemoved => AdditionalPropertiesAdded,
            AdditionalPropertiesExtended => AdditionalPropertiesNarrowed,
            AdditionalPropertiesNarrowed => AdditionalPropertiesExtended,
            MaxItemsAdded => MaxItemsRemoved,
            MaxItemsRemoved => MaxItemsAdded,
            MaxItemsIncreased => MaxItemsDecreased,
            MaxItemsDecreased => MaxItemsIncreased,
            MinItemsAdded => MinItemsRemoved,
            MinItemsRemoved => MinItemsAdded,
            MinItemsIncreased => MinItemsDecreased,
            MinItemsDecreased => MinItemsIncreased,
            UniqueItemsAdded => UniqueItemsRemoved,
            UniqueItemsRemoved => UniqueItemsAdded,
            MaxContainsAdded => MaxContainsRemoved,
            MaxContainsRemoved => MaxContainsAdded,
            MaxContainsIncreased => MaxContainsDecreased,
            MaxContainsDecreased => MaxContainsIncreased,
            MinContainsAdded => MinContainsRemoved,
            MinContainsRemoved => MinContainsAdded,
            MinContainsIncreased => MinContainsDecreased,
            MinContainsDecreased => MinContainsIncreased,
            AdditionalItemsAdded => AdditionalItemsRemoved,
            AdditionalItemsRemoved => AdditionalItemsAdded,
            AdditionalItemsExtended => AdditionalItemsNarrowed,
            AdditionalItemsNarrowed => AdditionalItemsExtended,
            EnumExtended => EnumNarrowed,
            EnumNarrowed => EnumExtended,
            EnumAdded => EnumRemoved,
            EnumRemoved => EnumAdded,
            ProductExtended => ProductNarrowed,
            ProductNarrowed => ProductExtended,
            SumExtended => SumNarrowed,
            SumNarrowed => SumExtended,
            NotExtended => NotNarrowed,
            NotNarrowed => NotExtended,
            NullableAdded => NullableRemoved,
            NullableRemoved => NullableAdded,
            PropertyNamesAdded => PropertyNamesRemoved,
            PropertyNamesRemoved => PropertyNamesAdded,
            ContainsAdded => ContainsRemoved,
            ContainsRemoved => ContainsAdded,
            other => other,
        }
    }

    /// What happened, in words, from the original → update view.
    pub fn label(self) -> &'static str {
        use Delta::*;
        match self {
            IdChanged => "`$id` changed",
            TitleChanged => "title changed",
            DescriptionChanged => "description changed",
            DefaultChanged => "default changed",
            SchemaAdded => "an items schema was added",
            SchemaRemoved => "the items schema was removed",
            TypeChanged => "type changed",
            TypeExtended => "type widened",
            TypeNarrowed => "type narrowed",
            MaxLengthAdded => "maxLength added",
            MaxLengthRemoved => "maxLength removed",
            MaxLengthIncreased => "maxLength increased",
            MaxLengthDecreased => "maxLength decreased",
            MinLengthAdded => "minLength added",
            MinLengthRemoved => "minLength removed",
            MinLengthIncreased => "minLength increased",
            MinLengthDecreased => "minLength decreased",
            PatternAdded => "pattern added",
            PatternRemoved => "pattern removed",
            PatternChanged => "pattern changed",
            FormatAdded => "format added",
            FormatRemoved => "format removed",
            FormatChanged => "format changed",
            MaximumAdded => "maximum added",
            MaximumRemoved => "maximum removed",
            MaximumIncreased => "maximum increased",
            MaximumDecreased => "maximum decreased",
            MinimumAdded => "minimum added",
            MinimumRemoved => "minimum removed",
            MinimumIncreased => "minimum increased",
            MinimumDecreased => "minimum decreased",
            ExclusiveMaximumAdded => "exclusiveMaximum added",
            ExclusiveMaximumRemoved => "exclusiveMaximum removed",
            ExclusiveMaximumIncreased => "exclusiveMaximum increased",
            ExclusiveMaximumDecreased => "exclusiveMaximum decreased",
            ExclusiveMinimumAdded => "exclusiveMinimum added",
            ExclusiveMinimumRemoved => "exclusiveMinimum removed",
            ExclusiveMinimumIncreased => "exclusiveMinimum increased",
            ExclusiveMinimumDecreased => "exclusiveMinimum decreased",
            MultipleOfAdded => "multipleOf added",
            MultipleOfRemoved => "multipleOf removed",
            MultipleOfExpanded => "multipleOf became stricter",
            MultipleOfReduced => "multipleOf became looser",
            MultipleOfChanged => "multipleOf changed",
            RequiredAttributeAdded => "became required",
            RequiredAttributeWithDefaultAdded => "became required (it has a default)",
            RequiredAttributeRemoved => "became optional",
            DependencyArrayAdded => "a dependentRequired entry was added",
            DependencyArrayRemoved => "a dependentRequired entry was removed",
            DependencyArrayExtended => "a dependentRequired entry gained properties",
            DependencyArrayNarrowed => "a dependentRequired entry lost properties",
            DependencyArrayChanged => "a dependentRequired entry changed",
            DependencySchemaAdded => "a dependentSchemas entry was added",
            DependencySchemaRemoved => "a dependentSchemas entry was removed",
            MaxPropertiesAdded => "maxProperties added",
            MaxPropertiesRemoved => "maxProperties removed",
            MaxPropertiesIncreased => "maxProperties increased",
            MaxPropertiesDecreased => "maxProperties decreased",
            MinPropertiesAdded => "minProperties added",
            MinPropertiesRemoved => "minProperties removed",
            MinPropertiesIncreased => "minProperties increased",
            MinPropertiesDecreased => "minProperties decreased",
            AdditionalPropertiesAdded => "additional properties are now allowed",
            AdditionalPropertiesRemoved => "additional properties are no longer allowed",
            AdditionalPropertiesExtended => "the additionalProperties schema was removed",
            AdditionalPropertiesNarrowed => "an additionalProperties schema was added",
            AdditionalPropertiesIgnored => "the rule for undeclared properties changed",
            PropertyAddedToOpen => "optional property added to an open content model",
            RequiredPropertyAddedToOpen => "required property added",
            PropertyWithEmptySchemaAddedToOpen => "property with an empty schema added",
            OptionalPropertyAddedToUnopen => "optional property added to a closed content model",
            RequiredPropertyAddedToUnopen => "required property added",
            RequiredPropertyWithDefaultAddedToUnopen => "required property with a default added",
            PropertyAddedCovered => "property added, covered by the previous patternProperties/additionalProperties",
            PropertyAddedNotCovered => "property added, not covered by the previous patternProperties/additionalProperties",
            PropertyRemovedFromOpen => "property removed from an open content model",
            PropertyRemovedFromClosed => "property removed from a closed content model",
            PropertyWithFalseRemovedFromClosed => "property declared `false` removed",
            PropertyRemovedCovered => "property removed, still covered by patternProperties/additionalProperties",
            PropertyRemovedNotCovered => "property removed, not covered by patternProperties/additionalProperties",
            OptionalPropertyAdded => "optional property added",
            RequiredPropertyAdded => "required property added",
            PropertyRemoved => "property removed",
            MaxItemsAdded => "maxItems added",
            MaxItemsRemoved => "maxItems removed",
            MaxItemsIncreased => "maxItems increased",
            MaxItemsDecreased => "maxItems decreased",
            MinItemsAdded => "minItems added",
            MinItemsRemoved => "minItems removed",
            MinItemsIncreased => "minItems increased",
            MinItemsDecreased => "minItems decreased",
            UniqueItemsAdded => "uniqueItems added",
            UniqueItemsRemoved => "uniqueItems removed",
            MaxContainsAdded => "maxContains added",
            MaxContainsRemoved => "maxContains removed",
            MaxContainsIncreased => "maxContains increased",
            MaxContainsDecreased => "maxContains decreased",
            MinContainsAdded => "minContains added",
            MinContainsRemoved => "minContains removed",
            MinContainsIncreased => "minContains increased",
            MinContainsDecreased => "minContains decreased",
            AdditionalItemsAdded => "additional items are now allowed",
            AdditionalItemsRemoved => "additional items are no longer allowed",
            AdditionalItemsExtended => "the additional-items schema was removed",
            AdditionalItemsNarrowed => "an additional-items schema was added",
            ItemAddedToOpen => "tuple item added to an open array",
            ItemWithEmptySchemaAddedToOpen => "tuple item with an empty schema added",
            ItemAddedToClosed => "tuple item added to a closed array",
            ItemAddedCovered => "tuple item added, covered by the previous additional items",
            ItemAddedNotCovered => "tuple item added, not covered by the previous additional items",
            ItemRemovedFromOpen => "tuple item removed from an open array",
            ItemRemovedFromClosed => "tuple item removed from a closed array",
            ItemWithFalseRemovedFromClosed => "tuple item declared `false` removed",
            ItemRemovedCovered => "tuple item removed, still covered by additional items",
            ItemRemovedNotCovered => "tuple item removed, not covered by additional items",
            EnumExtended => "enum values added",
            EnumNarrowed => "enum values removed",
            EnumAdded => "now restricted to the listed values",
            EnumRemoved => "no longer restricted to listed values",
            EnumChanged => "enum values changed",
            ConstChanged => "const changed",
            CombinedExtended => "combinator relaxed (e.g. oneOf → anyOf)",
            CombinedChanged => "combinator changed",
            ProductExtended => "allOf gained members",
            ProductNarrowed => "allOf lost members",
            SumExtended => "anyOf/oneOf gained members",
            SumNarrowed => "anyOf/oneOf lost members",
            CombinedMembersChanged => "combinator members changed with no compatible match",
            BranchLost => BRANCH_LOST,
            MoreBranchesLost => "more union branches are no longer accepted than are listed (count)",
            SumMerged => "union branches merged, accepting the same values",
            NotNarrowed => "`not` now excludes less",
            NotExtended => "`not` now excludes more",
            TooComplex => "the comparison exceeded MAX_DIFF_STEPS and was stopped, so parts of the schemas were not compared",
            NullableAdded => "became nullable",
            NullableRemoved => "is no longer nullable",
            RefUnresolved => "a `$ref` that does not resolve in its document was not compared: reported as a possible break",
            KeywordNotCompared => "this keyword changed and cannot be compared (not decidable here): reported as a possible break",
            AllOfNotMerged => "the allOf members do not merge into one schema exactly and no single member decides it: reported as a possible break",
            PropertyNamesAdded => "propertyNames added",
            PropertyNamesRemoved => "propertyNames removed",
            ContainsAdded => "contains added",
            ContainsRemoved => "contains removed",
            ContainsChanged => "contains changed",
            OneOfOverlap => "a oneOf branch may now match events another branch also matches, and oneOf rejects those",
            AnnotationOther => "annotation changed (no effect on which events are valid)",
        }
    }

    /// When the verdict depended on the object's or array's content model,
    /// the sentence explaining it.
    pub fn content_model(self) -> Option<&'static str> {
        use Delta::*;
        Some(match self {
            PropertyAddedToOpen => "the previous schema's object is open (no `additionalProperties: false`), so old events may already carry this name with any value",
            PropertyRemovedFromClosed => "the new schema's object is closed (`additionalProperties: false`), so old events that carry the property are rejected",
            PropertyAddedNotCovered | PropertyRemovedNotCovered => "the property's schema and the `patternProperties`/`additionalProperties` schema that covers the name disagree",
            AdditionalPropertiesRemoved | AdditionalPropertiesNarrowed => "undeclared properties that old events may carry are no longer accepted",
            ItemAddedToOpen | ItemRemovedFromClosed | ItemAddedNotCovered | ItemRemovedNotCovered => "the tuple's additional items decide which positions old arrays may fill",
            _ => return None,
        })
    }
}

/// One difference at a path (relative JSON pointer), with the two values.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub delta: Delta,
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}
